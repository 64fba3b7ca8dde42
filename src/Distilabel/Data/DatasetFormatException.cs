using System.Text;

namespace Distilabel.Data;

/// <summary>
/// A dataset file could not be read: it is missing, not valid UTF-8, not the format its extension says, or a
/// row is malformed. The one-line <see cref="Exception.Message"/> names the file and, where known, the line,
/// row, column and byte offset, e.g. <c>data.jsonl, line 12: expected a JSON object but found an array</c>.
/// </summary>
public sealed class DatasetFormatException : FormatException
{
    /// <summary>Creates the exception; the message is composed from the location and <paramref name="problem"/>.</summary>
    public DatasetFormatException(
        string file,
        string problem,
        long? line = null,
        long? row = null,
        string? column = null,
        long? byteOffset = null,
        Exception? innerException = null)
        : base(Compose(file, problem, line, row, column, byteOffset), innerException)
    {
        File = file;
        Problem = OneLine(problem);
        Line = line;
        Row = row;
        Column = column;
        ByteOffset = byteOffset;
    }

    /// <summary>The file (or URL / stream name) that was being read.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The 1-based line in a text file (JSONL, CSV), or null.</summary>
    public long? Line { get; }

    /// <summary>The 1-based data row (CSV record after the header, JSONL object, Parquet row), or null.</summary>
    public long? Row { get; }

    /// <summary>The column name, or null.</summary>
    public string? Column { get; }

    /// <summary>The 0-based byte offset in the file, or null.</summary>
    public long? ByteOffset { get; }

    private static string Compose(string file, string problem, long? line, long? row, string? column, long? byteOffset)
    {
        var builder = new StringBuilder(file);
        if (line is not null)
            builder.Append(", line ").Append(line.Value);
        if (row is not null)
            builder.Append(", row ").Append(row.Value);
        if (column is not null)
            builder.Append(", column '").Append(column).Append('\'');
        if (byteOffset is not null)
            builder.Append(", byte offset ").Append(byteOffset.Value);
        return builder.Append(": ").Append(OneLine(problem)).ToString();
    }

    private static string OneLine(string text)
        => text.Contains('\n') || text.Contains('\r') ? text.ReplaceLineEndings(" ") : text;
}

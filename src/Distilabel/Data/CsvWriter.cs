using System.Text;

namespace Distilabel.Data;

/// <summary>
/// Writes rows as CSV (RFC 4180): UTF-8 without BOM, <c>\r\n</c> record endings, a header row (the
/// <see cref="DatasetWriteOptions.Schema"/> names, else the first row's columns). A field is quoted when it
/// holds the delimiter, a quote, a line break or leading/trailing spaces; quotes are doubled. <c>null</c> is an
/// empty unquoted field and the empty string is <c>""</c>, so both survive a round trip through
/// <see cref="CsvReader"/>. Numbers use the invariant culture; booleans are <c>true</c>/<c>false</c>; lists (of strings
/// or of integers) are JSON arrays such as <c>["a",null]</c> or <c>[4,null]</c>. CSV has no types: everything reads
/// back as text (a list as its JSON text); use JSON Lines or Parquet to keep numbers and lists. A row may omit columns (written empty) but a column not in the header is an error.
/// </summary>
public sealed class CsvWriter : DatasetWriter
{
    private readonly StreamWriter _writer;
    private readonly char _delimiter;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private string[]? _header;
    private string?[] _values = [];

    private CsvWriter(string path, DatasetWriteOptions options)
        : base(path)
    {
        _delimiter = options.CsvDelimiter;
        if (_delimiter is '"' or '\r' or '\n')
            throw new ArgumentException($"The CSV delimiter cannot be a quote or a line break (got '{_delimiter}').", nameof(options));
        _writer = new StreamWriter(File.Stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        if (options.Schema is { } schema)
            SetHeader(schema.Select(c => c.Name));
    }

    /// <summary>Opens a writer (checking at once that <paramref name="path"/> is writable).</summary>
    public static CsvWriter Create(string path, DatasetWriteOptions? options = null) => new(path, options ?? DatasetWriteOptions.Default);

    private protected override ValueTask WriteRowAsync(IReadOnlyDictionary<string, object?> row, long rowNumber, CancellationToken cancellationToken)
    {
        var headerPending = _header is null;
        if (headerPending)
            SetHeader(row.Keys);

        try
        {
            Array.Clear(_values);
            foreach (var (column, raw) in row)
            {
                if (!_index.TryGetValue(column, out var i))
                {
                    throw new ArgumentException(
                        $"Row {rowNumber}, column '{column}': the CSV header has no such column (header: {Row.DescribeColumns(_header!)}).");
                }

                _values[i] = RowValues.ToText(RowValues.Normalize(raw, column, rowNumber));
            }
        }
        catch (ArgumentException) when (headerPending)
        {
            _header = null;
            _index.Clear();
            throw;
        }

        if (rowNumber == 1)
            WriteRecord(_header!);
        WriteRecord(_values);
        return ValueTask.CompletedTask;
    }

    private protected override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (RowsWritten == 0 && _header is not null)
            WriteRecord(_header);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private protected override ValueTask ReleaseAsync()
    {
        try
        {
            _writer.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The file is being abandoned, or was completed (its stream is already closed and flushed).
        }

        return ValueTask.CompletedTask;
    }

    private void SetHeader(IEnumerable<string> columns)
    {
        _header = columns.ToArray();
        for (var i = 0; i < _header.Length; i++)
        {
            if (!_index.TryAdd(_header[i], i))
                throw new ArgumentException($"The CSV header names column '{_header[i]}' twice.");
        }

        _values = new string?[_header.Length];
    }

    private void WriteRecord(string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                _writer.Write(_delimiter);
            var field = fields[i];
            if (field is null)
                continue;
            if (NeedsQuotes(field))
            {
                _writer.Write('"');
                _writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else
            {
                _writer.Write(field);
            }
        }

        _writer.WriteLine();
    }

    private bool NeedsQuotes(string field)
        => field.Length == 0
           || field.AsSpan().IndexOfAny(_delimiter, '"', '\n') >= 0
           || field.Contains('\r')
           || field[0] == ' ' || field[^1] == ' ';
}

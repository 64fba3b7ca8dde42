namespace Distilabel.Data;

/// <summary>Opening input files with errors that name them.</summary>
internal static class DatasetPaths
{
    /// <summary>The full path of an existing file, or a <see cref="DatasetFormatException"/> naming it.</summary>
    public static string RequireExisting(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new DatasetFormatException(full, "this is a directory, not a dataset file");
        if (!File.Exists(full))
            throw new DatasetFormatException(full, "the file does not exist", innerException: new FileNotFoundException(null, full));
        return full;
    }

    /// <summary>Opens a file for sequential async reading; failures name the file.</summary>
    public static FileStream OpenRead(string fullPath)
    {
        try
        {
            return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new DatasetFormatException(fullPath, "the file does not exist", innerException: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException(fullPath, $"cannot open the file ({e.Message})", innerException: e);
        }
    }

    /// <summary>Applies <see cref="DatasetReadOptions.Columns"/> to a parsed row.</summary>
    public static Row Project(Row row, IReadOnlyList<string>? columns, string file, long? line, long rowNumber)
    {
        if (columns is null)
            return row;
        var projected = new Row(columns.Count);
        foreach (var column in columns)
        {
            if (!row.TryGetValue(column, out var value))
                throw new DatasetFormatException(file, $"the row has no column '{column}' (columns: {row.DescribeColumns()})", line, rowNumber, column);
            projected[column] = value;
        }

        return projected;
    }
}

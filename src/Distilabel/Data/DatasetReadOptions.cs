namespace Distilabel.Data;

/// <summary>Options for reading dataset files. One instance may serve every format; options that do not
/// apply to a format are ignored.</summary>
public sealed record DatasetReadOptions
{
    /// <summary>The defaults.</summary>
    public static DatasetReadOptions Default { get; } = new();

    /// <summary>JSONL/CSV: skip a malformed row (invalid JSON, not an object, invalid UTF-8, wrong field count)
    /// instead of throwing; each skipped row is reported to <see cref="OnBadRow"/>. Default false.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>Called with the error for each row skipped by <see cref="SkipBadRows"/>.</summary>
    public Action<DatasetFormatException>? OnBadRow { get; init; }

    /// <summary>Read only these columns, in this order (Parquet reads nothing else from disk). A column missing
    /// from the file is an error naming it and the available columns. Default: all columns.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>CSV: an unquoted empty field reads as <c>null</c> (default true); a quoted empty field (<c>""</c>)
    /// is always the empty string. When false, both read as the empty string.</summary>
    public bool CsvEmptyAsNull { get; init; } = true;

    /// <summary>CSV: the field delimiter. Default <c>','</c>.</summary>
    public char CsvDelimiter { get; init; } = ',';
}

namespace Distilabel.Data;

/// <summary>Options for writing dataset files. One instance may serve every format; options that do not apply
/// to a format are ignored.</summary>
public sealed record DatasetWriteOptions
{
    /// <summary>The defaults.</summary>
    public static DatasetWriteOptions Default { get; } = new();

    /// <summary>The default number of rows per Parquet row group.</summary>
    public const int DefaultRowGroupSize = 10_000;

    /// <summary>Parquet: the column schema. When null it is inferred from the first row group's rows
    /// (the first <see cref="RowGroupSize"/> rows): integers → Int64, floats (or integers mixed with floats) →
    /// Double, text → String, booleans → Boolean, lists of strings → StringList, lists of integers → Int64List
    /// (a column whose lists are all empty or all-null takes the type of the first one), all-null → String.
    /// CSV: the header (column order); when null, the first row's columns.</summary>
    public IReadOnlyList<DatasetColumn>? Schema { get; init; }

    /// <summary>Parquet: rows per row group (and the number of rows used to infer the schema). Default 10,000.</summary>
    public int RowGroupSize { get; init; } = DefaultRowGroupSize;

    /// <summary>Parquet: the schema of the source file the rows come from. Its columns keep their exact Parquet
    /// types (nested ones included) and its key-value metadata is kept; other columns are inferred.</summary>
    public ParquetSourceSchema? SourceSchema { get; init; }

    /// <summary>Key-value metadata to record with the data (e.g. a run's facts): Parquet key-value metadata (on top of
    /// the source's). Other formats ignore it.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>CSV: the field delimiter. Default <c>','</c>.</summary>
    public char CsvDelimiter { get; init; } = ',';
}

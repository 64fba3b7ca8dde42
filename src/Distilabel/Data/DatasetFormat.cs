namespace Distilabel.Data;

/// <summary>The dataset file formats, chosen by file extension.</summary>
public enum DatasetFormat
{
    /// <summary>JSON Lines: <c>.jsonl</c>, <c>.ndjson</c>, <c>.json</c> (a <c>.json</c> file holding one JSON array of objects is read too).</summary>
    JsonLines,

    /// <summary>CSV: <c>.csv</c> (comma) and <c>.tsv</c> (tab).</summary>
    Csv,

    /// <summary>Apache Parquet: <c>.parquet</c>.</summary>
    Parquet,
}

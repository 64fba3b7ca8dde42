namespace Distilabel.Pipeline;

/// <summary>A labelling job from a dataset file to a dataset file (formats by extension: .jsonl, .parquet, .csv).</summary>
public sealed record LabelJobOptions
{
    /// <summary>The dataset to label.</summary>
    public required string InputPath { get; init; }

    /// <summary>Where the labelled dataset goes; written atomically when the job completes.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Label only the first rows.</summary>
    public long? Limit { get; init; }

    /// <summary>Skip input rows that cannot be read (e.g. a broken JSONL line) instead of stopping.</summary>
    public bool SkipBadRows { get; init; }
}

using Distilabel.Data;

namespace Distilabel.Pipeline;

/// <summary>A labelling job from a dataset file to a dataset file (formats by extension: .jsonl, .parquet, .csv).</summary>
public sealed record LabelJobOptions
{
    /// <summary>The dataset to label.</summary>
    public required string InputPath { get; init; }

    /// <summary>The dataset to label when it is not simply <see cref="InputPath"/>: a Hub dataset or a file with column
    /// surgery (<see cref="DatasetSource"/>). <see cref="InputPath"/> then only names it.</summary>
    public DatasetSource? Source { get; init; }

    /// <summary>How the output is written (e.g. <see cref="DatasetWriteOptions.SourceSchema"/> to keep a Parquet
    /// source's exact types, <see cref="DatasetWriteOptions.Metadata"/> for the run's facts).</summary>
    public DatasetWriteOptions? WriteOptions { get; init; }

    /// <summary>How the data is made (<see cref="RunFacts.For"/>), recorded with the output once the counts are known.</summary>
    public RunFacts? Facts { get; init; }

    /// <summary>Where the labelled dataset goes; written atomically when the job completes.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Label only the first rows.</summary>
    public long? Limit { get; init; }

    /// <summary>Skip input rows that cannot be read (e.g. a broken JSONL line) instead of stopping.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>
    /// The run journal: every finished row is made durable there as it completes, and a later job with the same task
    /// prompt, model and options reuses the rows it holds instead of asking the LLM again (resume). Null (the default)
    /// keeps no journal; <see cref="Journal.RunJournal.DefaultPathFor"/> gives the command line's default,
    /// <c>&lt;output folder&gt;/.distilabel/&lt;output name&gt;.journal.db</c>.
    /// </summary>
    public string? JournalPath { get; init; }

    /// <summary>With a journal: ask again the rows that ended with an error; labelled rows are still reused.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>With a journal: delete it first and start over.</summary>
    public bool FreshJournal { get; init; }

    /// <summary>With a journal: keep it (the default) or delete it once the job labelled every row without error.</summary>
    public Journal.JournalAfterSuccess JournalAfterSuccess { get; init; }
}

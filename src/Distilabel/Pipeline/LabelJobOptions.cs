using Distilabel.Data;
using Distilabel.Llms.Caching;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline;

/// <summary>A labelling job from a dataset file to a dataset file (formats by extension: .jsonl, .parquet, .csv).</summary>
public sealed record LabelJobOptions
{
    /// <summary>The dataset to label.</summary>
    public required string InputPath { get; init; }

    /// <summary>The dataset to label when it is not simply <see cref="InputPath"/>: a Hub dataset or a file with column
    /// surgery (<see cref="DatasetSource"/>). <see cref="InputPath"/> then only names it.</summary>
    public DatasetSource? Source { get; init; }

    /// <summary>How the one-call jobs open <see cref="InputPath"/> when <see cref="Source"/> is null: the Hub split and
    /// configuration, the column surgery (<see cref="DatasetSource.OpenAsync"/>).</summary>
    public DatasetSourceOptions? InputOptions { get; init; }

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
    /// <summary>
    /// Resume only: the journal must exist (a job that finds none stops with a <see cref="RunJournalException"/> of
    /// kind <see cref="RunJournalProblem.Missing"/> instead of starting over). Without it a job still resumes
    /// whenever a journal made with the same task, model and options exists.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// The SQLite response cache that answers repeated requests at zero cost (<see cref="SqliteResponseCache"/>); null
    /// (the default) keeps none. Used by the one-call jobs (<see cref="LabelJob.RunAsync(LlmTaskDefinition, Llms.LlmSettings, LabelJobOptions, PipelineOptions?, JobHooks?, CancellationToken, CancellationToken)"/>,
    /// <see cref="RecipeJob"/>). With <see cref="RetryFailed"/> it is refreshed, not read.
    /// </summary>
    public string? ResponseCachePath { get; init; }

    /// <summary>The back-off before the first retry of every LLM of the job (doubling each retry); null keeps the LLMs' own.</summary>
    public TimeSpan? RetryBaseDelay { get; init; }

    /// <summary>Where the rows are labelled; null (the default) labels them in this process (<see cref="Scheduling.LocalRowScheduler"/>).</summary>
    public Scheduling.IRowScheduler? Scheduler { get; init; }

    /// <summary>Also write the job's summary as JSON (<see cref="JobReport.ToJson"/>) to this file, atomically.</summary>
    public string? SummaryJsonPath { get; init; }

    /// <summary>
    /// The command line's defaults for a job from <paramref name="inputPath"/> to <paramref name="outputPath"/>: the
    /// journal at <c>&lt;output folder&gt;/.distilabel/&lt;output name&gt;.journal.db</c> and the response cache at
    /// <c>&lt;output folder&gt;/.distilabel/cache.db</c>.
    /// </summary>
    public static LabelJobOptions Defaults(string inputPath, string outputPath) => new()
    {
        InputPath = inputPath,
        OutputPath = outputPath,
        JournalPath = RunJournal.DefaultPathFor(outputPath),
        ResponseCachePath = SqliteResponseCache.DefaultPathFor(outputPath),
    };
}

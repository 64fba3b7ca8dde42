using Distilabel.Pipeline.Journal;
using System.CommandLine;
using Distilabel.Pipeline;

namespace Distilabel.Cli;

/// <summary>
/// The options every command that runs a job shares (<c>label</c>, <c>run</c>): the output, <c>--limit</c>,
/// <c>--skip-bad-rows</c>, and the journal, cache and summary flags, with the checks of the ones that contradict each other.
/// </summary>
internal sealed class JobOptions
{
    public JobOptions(string outputDescription)
    {
        Output = new Option<string>("--output", "-o") { Description = outputDescription + " (.jsonl, .parquet or .csv); written atomically.", Required = true };
        Limit.Validators.Add(result =>
        {
            if (OptionValues.TryGet<long?>(result, out var value) && value is < 1)
                result.AddError($"--limit must be at least 1 (got {value}).");
        });
        OptionValues.AddRange(RetryBaseDelay, 0, 600_000);
    }

    public Option<string> Output { get; }

    public Option<long?> Limit { get; } = new("--limit") { Description = "Run only the first N rows." };

    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows") { Description = "Skip unreadable input rows (e.g. a broken JSONL line) instead of stopping." };

    public Option<string?> Journal { get; } = new("--journal") { Description = "The run journal: every finished row is kept there as it completes (default: <output folder>/.distilabel/<output name>.journal.db)." };

    public Option<bool> Resume { get; } = new("--resume") { Description = "Only resume: stop (exit 2) unless the journal exists. Without it, a run resumes whenever a journal made with the same task, model and options exists, and starts one otherwise." };

    public Option<JournalAfterSuccess> JournalAfterSuccess { get; } = new("--journal-after-success") { Description = "keep (default): a rerun of the same job reuses every row; delete: remove the journal once every row is labelled without error (an interrupted or partly failed run keeps it)." };

    public Option<bool> Fresh { get; } = new("--fresh") { Description = "Delete the journal and start over." };

    public Option<bool> RetryFailed { get; } = new("--retry-failed") { Description = "Reuse the journal's finished rows but ask again the rows that ended with an error (the response cache is refreshed, not read)." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not answer repeated requests from the response cache." };

    public Option<string?> Cache { get; } = new("--cache") { Description = "The response cache: identical requests are answered from it at zero cost (default: <output folder>/.distilabel/cache.db)." };

    public Option<string?> SummaryJson { get; } = new("--summary-json") { Description = "Also write the run's summary (counts by kind of failure, journal, cache, retries, exit code) as JSON to this file." };

    public Option<int> RetryBaseDelay { get; } = new("--retry-base-delay-ms") { Description = "Back-off before the first retry, in milliseconds; doubles each retry.", DefaultValueFactory = _ => 1000, Hidden = true };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Output, Limit, SkipBadRows, Journal, JournalAfterSuccess, Resume, Fresh, RetryFailed, NoCache, Cache, RetryBaseDelay, SummaryJson })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.Errors.Any())
                return;
            if (result.GetValue(Fresh) && result.GetValue(Resume))
                result.AddError("--fresh and --resume contradict each other: --fresh deletes the journal that --resume continues.");
            if (result.GetValue(Fresh) && result.GetValue(RetryFailed))
                result.AddError("--fresh and --retry-failed contradict each other: --fresh deletes the journal whose failed rows --retry-failed asks again.");
            if (result.GetValue(NoCache) && result.GetValue(Cache) is not null)
                result.AddError("--no-cache and --cache contradict each other.");
        });
    }

    /// <summary>
    /// The library job over <paramref name="inputPath"/> as the flags ask: the journal and the response cache at their
    /// default paths (<see cref="LabelJobOptions.Defaults"/>) unless <c>--journal</c>, <c>--cache</c> or <c>--no-cache</c> say otherwise.
    /// </summary>
    public LabelJobOptions Job(ParseResult parse, string inputPath)
    {
        var defaults = LabelJobOptions.Defaults(inputPath, parse.GetValue(Output)!);
        return defaults with
        {
            Limit = parse.GetValue(Limit),
            SkipBadRows = parse.GetValue(SkipBadRows),
            JournalPath = parse.GetValue(Journal) ?? defaults.JournalPath,
            FreshJournal = parse.GetValue(Fresh),
            RetryFailed = parse.GetValue(RetryFailed),
            Resume = parse.GetValue(Resume),
            ResponseCachePath = parse.GetValue(NoCache) ? null : parse.GetValue(Cache) ?? defaults.ResponseCachePath,
            RetryBaseDelay = TimeSpan.FromMilliseconds(parse.GetValue(RetryBaseDelay)),
            SummaryJsonPath = parse.GetValue(SummaryJson),
            JournalAfterSuccess = parse.GetValue(JournalAfterSuccess),
        };
    }
}

using Distilabel.Data;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Interactive;

/// <summary>
/// The options every <c>#!distilabel</c> job shares with the command line's <c>label</c> and <c>run</c>: the input
/// (a file or <c>hf://</c> dataset, its split, configuration and column surgery), the output, the journal, the response
/// cache and the summary, with the command line's defaults (<see cref="LabelJobOptions.Defaults"/>).
/// </summary>
internal static class JobMagicOptions
{
    /// <summary>The shared options, as the command line spells them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "--input", "--split", "--config", "--columns", "--drop-columns", "--rename-column", "--output", "--limit",
        "--skip-bad-rows", "--journal", "--resume", "--fresh", "--retry-failed", "--journal-after-success", "--no-cache",
        "--cache", "--summary-json",
    ];

    /// <summary>The shared options that take no value.</summary>
    public static IReadOnlySet<string> Flags { get; } = new HashSet<string>(StringComparer.Ordinal) { "--skip-bad-rows", "--resume", "--fresh", "--retry-failed", "--no-cache" };

    private static readonly Dictionary<string, JournalAfterSuccess> AfterSuccess = new(StringComparer.Ordinal)
    {
        ["keep"] = JournalAfterSuccess.Keep,
        ["delete"] = JournalAfterSuccess.Delete,
    };

    /// <summary>The job's settings from the parsed options.</summary>
    public static LabelJobOptions Build(MagicOptions options)
    {
        if (options.Flag("--fresh") && (options.Flag("--resume") || options.Flag("--retry-failed")))
            throw new FormatException($"--fresh and {(options.Flag("--resume") ? "--resume" : "--retry-failed")} contradict each other: --fresh deletes the journal");
        if (options.Flag("--no-cache") && options.One("--cache") is not null)
            throw new FormatException("--no-cache and --cache contradict each other");

        var defaults = LabelJobOptions.Defaults(options.Required("--input"), options.Required("--output"));
        return defaults with
        {
            InputOptions = new DatasetSourceOptions
            {
                Split = options.One("--split") ?? "train",
                Config = options.One("--config"),
                Surgery = new ColumnSurgery
                {
                    Keep = options.One("--columns") is null ? null : options.All("--columns", commaSeparated: true),
                    Drop = options.All("--drop-columns", commaSeparated: true),
                    Renames = options.All("--rename-column").Select(Rename).ToList(),
                },
            },
            Limit = options.OptionalNumber("--limit", 1L, long.MaxValue),
            SkipBadRows = options.Flag("--skip-bad-rows"),
            JournalPath = options.One("--journal") ?? defaults.JournalPath,
            Resume = options.Flag("--resume"),
            FreshJournal = options.Flag("--fresh"),
            RetryFailed = options.Flag("--retry-failed"),
            JournalAfterSuccess = options.Choice("--journal-after-success", JournalAfterSuccess.Keep, AfterSuccess),
            ResponseCachePath = options.Flag("--no-cache") ? null : options.One("--cache") ?? defaults.ResponseCachePath,
            SummaryJsonPath = options.One("--summary-json"),
        };
    }

    private static KeyValuePair<string, string> Rename(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        return at <= 0 || at == text.Length - 1
            ? throw new FormatException($"--rename-column expects FROM=TO (got '{text}')")
            : new(text[..at].Trim(), text[(at + 1)..].Trim());
    }
}

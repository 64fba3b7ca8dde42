using System.Globalization;
using System.Numerics;
using Distilabel.Llms;
using Distilabel.Pipeline;

namespace Distilabel.Interactive;

/// <summary>
/// The arguments of <c>#!distilabel label …</c>: the command line's <c>label</c> options (same names, same defaults),
/// turned into the library job's settings (<see cref="LabelJob.RunAsync(LlmTaskDefinition, LlmSettings, LabelJobOptions, PipelineOptions?, JobHooks?, CancellationToken, CancellationToken)"/>).
/// </summary>
/// <param name="Task">The task's name (a built-in task or one declared in a <c>#!llm-task</c> cell).</param>
/// <param name="TaskParameters">The <c>--task-param KEY=VALUE</c> values.</param>
/// <param name="Llm">The LLM.</param>
/// <param name="Pipeline">Concurrency and generation options.</param>
/// <param name="Job">Input, output, journal, cache.</param>
public sealed record LabelMagic(string Task, IReadOnlyDictionary<string, string> TaskParameters, LlmSettings Llm, PipelineOptions Pipeline, LabelJobOptions Job)
{
    /// <summary>The options <see cref="Parse"/> understands, as the command line spells them.</summary>
    public static IReadOnlyList<string> OptionNames { get; } =
    [
        "--task", "--task-param", "--input", "--output", "--llm", "--model", "--base-url", "--api-key-env", "--concurrency",
        "--max-new-tokens", "--temperature", "--seed", "--request-timeout", "--threads", "--max-attempts", "--limit",
        "--skip-bad-rows", "--journal", "--resume", "--fresh", "--retry-failed", "--no-cache", "--cache", "--summary-json",
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["-i"] = "--input", ["-o"] = "--output", ["-m"] = "--model", ["-c"] = "--concurrency" };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--skip-bad-rows", "--resume", "--fresh", "--retry-failed", "--no-cache" };

    /// <summary>Parses the words after <c>label</c>. Throws <see cref="FormatException"/> with one line naming the option.</summary>
    public static LabelMagic Parse(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            string? inline = null;
            if (word.StartsWith("--", StringComparison.Ordinal) && word.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
                (word, inline) = (word[..equals], word[(equals + 1)..]);
            var name = Aliases.GetValueOrDefault(word, word);
            if (!OptionNames.Contains(name))
                throw new FormatException($"unknown option '{word}' (options: {string.Join(", ", OptionNames)})");
            var value = Flags.Contains(name) ? inline ?? "true"
                : inline ?? (i + 1 < words.Count && !words[i + 1].StartsWith('-') ? words[++i] : throw new FormatException($"{name} needs a value"));
            if (!values.TryGetValue(name, out var list))
                values[name] = list = [];
            list.Add(value);
        }

        string? One(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;
        string Required(string name) => One(name) ?? throw new FormatException($"{name} is required");
        bool Flag(string name) => One(name) is { } text && (bool.TryParse(text, out var on) ? on : throw new FormatException($"{name}: expected true or false (got '{text}')"));
        T Number<T>(string name, T fallback, T min, T max)
            where T : struct, INumber<T>
        {
            if (One(name) is not { } text)
                return fallback;
            return T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new FormatException($"{name} must be a number between {min} and {max} (got '{text}')");
        }

        var provider = Required("--llm") switch
        {
            "openai" => LlmProvider.OpenAI,
            "openai-compatible" => LlmProvider.OpenAICompatible,
            "llamacpp" => LlmProvider.LlamaCpp,
            var other => throw new FormatException($"--llm must be openai, openai-compatible or llamacpp (got '{other}')"),
        };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in values.GetValueOrDefault("--task-param") ?? [])
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new FormatException($"--task-param: expected KEY=VALUE, got '{parameter}'");
            parameters[parameter[..equals].Trim()] = parameter[(equals + 1)..];
        }

        if (Flag("--fresh") && (Flag("--resume") || Flag("--retry-failed")))
            throw new FormatException($"--fresh and {(Flag("--resume") ? "--resume" : "--retry-failed")} contradict each other: --fresh deletes the journal");
        if (Flag("--no-cache") && One("--cache") is not null)
            throw new FormatException("--no-cache and --cache contradict each other");

        var llm = new LlmSettings
        {
            Provider = provider,
            Model = One("--model"),
            BaseUrl = One("--base-url"),
            ApiKeyEnvironmentVariable = One("--api-key-env"),
            RequestTimeout = TimeSpan.FromSeconds(Number("--request-timeout", 120.0, 0.001, 86_400)),
            LlamaCppThreads = One("--threads") is null ? null : Number("--threads", 1, 1, 512),
            LlamaCppParallelism = 1,
            MaxAttempts = Number("--max-attempts", 5, 1, 100),
        };
        var pipeline = new PipelineOptions
        {
            Concurrency = Number("--concurrency", 4, 1, 4096),
            MaxNewTokens = Number("--max-new-tokens", 128, 1, 1_000_000),
            Temperature = Number("--temperature", 0f, 0f, 2f),
            Seed = One("--seed") is null ? null : Number("--seed", 0L, long.MinValue, long.MaxValue),
        };
        var defaults = LabelJobOptions.Defaults(Required("--input"), Required("--output"));
        var job = defaults with
        {
            Limit = One("--limit") is null ? null : Number("--limit", 1L, 1L, long.MaxValue),
            SkipBadRows = Flag("--skip-bad-rows"),
            JournalPath = One("--journal") ?? defaults.JournalPath,
            Resume = Flag("--resume"),
            FreshJournal = Flag("--fresh"),
            RetryFailed = Flag("--retry-failed"),
            ResponseCachePath = Flag("--no-cache") ? null : One("--cache") ?? defaults.ResponseCachePath,
            SummaryJsonPath = One("--summary-json"),
        };
        return new LabelMagic(One("--task") ?? "helpsteer", parameters, llm, pipeline, job);
    }
}

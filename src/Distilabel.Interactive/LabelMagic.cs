using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Batch;

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
/// <param name="Batch">With <c>--batch</c> or <c>--batch-no-wait</c>: the OpenAI Batch API (<see cref="BatchLabelJob"/>); null labels online.</param>
public sealed record LabelMagic(string Task, IReadOnlyDictionary<string, string> TaskParameters, LlmSettings Llm, PipelineOptions Pipeline, LabelJobOptions Job, BatchOptions? Batch = null)
{
    /// <summary>The options <see cref="Parse"/> understands, as the command line spells them.</summary>
    public static IReadOnlyList<string> OptionNames { get; } =
    [
        "--task", "--task-param", "--llm", "--model", "--base-url", "--api-key-env", "--concurrency", "--max-new-tokens",
        "--temperature", "--seed", "--request-timeout", "--threads", "--max-attempts", "--batch", "--batch-no-wait",
        "--batch-poll-seconds", .. JobMagicOptions.Names,
    ];

    private static readonly IReadOnlySet<string> Flags = new HashSet<string>(JobMagicOptions.Flags, StringComparer.Ordinal) { "--batch", "--batch-no-wait" };

    private static readonly Dictionary<string, LlmProvider> Providers = new(StringComparer.Ordinal)
    {
        ["openai"] = LlmProvider.OpenAI,
        ["openai-compatible"] = LlmProvider.OpenAICompatible,
        ["llamacpp"] = LlmProvider.LlamaCpp,
    };

    /// <summary>Parses the words after <c>label</c>. Throws <see cref="FormatException"/> with one line naming the option.</summary>
    public static LabelMagic Parse(IReadOnlyList<string> words)
    {
        var options = MagicOptions.Parse(words, OptionNames, Flags);
        if (options.Arguments.Count > 0)
            throw new FormatException($"unexpected '{options.Arguments[0]}': label takes only options");
        if (options.One("--llm") is null)
            throw new FormatException("--llm is required");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in options.All("--task-param"))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new FormatException($"--task-param: expected KEY=VALUE, got '{parameter}'");
            parameters[parameter[..equals].Trim()] = parameter[(equals + 1)..];
        }

        var job = JobMagicOptions.Build(options);
        var concurrency = options.Number("--concurrency", 4, 1, 4096);
        var llm = new LlmSettings
        {
            Provider = options.Choice("--llm", LlmProvider.LlamaCpp, Providers),
            Model = options.One("--model"),
            BaseUrl = options.One("--base-url"),
            ApiKeyEnvironmentVariable = options.One("--api-key-env"),
            RequestTimeout = TimeSpan.FromSeconds(options.Number("--request-timeout", 120.0, 0.001, 86_400)),
            LlamaCppThreads = options.OptionalNumber("--threads", 1, 512),
            LlamaCppParallelism = concurrency, // rows decoded together, as the command line's --concurrency
            MaxAttempts = options.Number("--max-attempts", 5, 1, 100),
        };
        var pipeline = new PipelineOptions
        {
            Concurrency = concurrency,
            MaxNewTokens = options.Number("--max-new-tokens", 128, 1, 1_000_000),
            Temperature = options.Number("--temperature", 0f, 0f, 2f),
            Seed = options.OptionalNumber("--seed", long.MinValue, long.MaxValue),
        };
        return new LabelMagic(options.One("--task") ?? "helpsteer", parameters, llm, pipeline, job, ParseBatch(options, llm));
    }

    /// <summary>The batch flags, as the command line checks them: only for the OpenAI Batch API's servers.</summary>
    private static BatchOptions? ParseBatch(MagicOptions options, LlmSettings llm)
    {
        var poll = options.Number("--batch-poll-seconds", 10.0, 0, 3600);
        if (!options.Flag("--batch") && !options.Flag("--batch-no-wait"))
            return null;
        if (llm.Provider == LlmProvider.LlamaCpp)
            throw new FormatException("--batch needs the OpenAI Batch API: use --llm openai or --llm openai-compatible");
        var interval = TimeSpan.FromSeconds(poll);
        return new BatchOptions
        {
            Wait = !options.Flag("--batch-no-wait"),
            PollInterval = interval,
            MaxPollInterval = interval > TimeSpan.FromMinutes(5) ? interval : TimeSpan.FromMinutes(5),
        };
    }
}

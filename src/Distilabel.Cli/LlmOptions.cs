using System.CommandLine;
using Distilabel.Llms;

namespace Distilabel.Cli;

/// <summary>
/// The options that choose and configure an LLM, shared by the commands that ask one (<c>label</c>, <c>worker</c>):
/// <c>--llm</c>, <c>--model</c>, <c>--base-url</c>, <c>--api-key-env</c>, <c>--request-timeout</c> and <c>--threads</c>.
/// </summary>
internal sealed class LlmOptions
{
    public LlmOptions(string llmDescription)
    {
        Llm = new Option<string>("--llm") { Description = llmDescription };
        Llm.AcceptOnlyFromAmong("openai", "openai-compatible", "llamacpp");
        OptionValues.AddRange(Timeout, 0.001, 86_400);
        Threads.Validators.Add(result =>
        {
            if (OptionValues.TryGet<int?>(result, out var value) && value is < 1 or > 512)
                result.AddError($"--threads must be between 1 and 512 (got {value}).");
        });
    }

    public Option<string> Llm { get; }

    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model name (openai, openai-compatible) or GGUF path (llamacpp; omit to download a small default model once)." };

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "Base URL of an OpenAI-compatible server, e.g. http://localhost:8000/v1." };

    public Option<string?> ApiKeyEnv { get; } = new("--api-key-env") { Description = "Environment variable holding the API key (default: OPENAI_API_KEY for openai)." };

    public Option<double> Timeout { get; } = new("--request-timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };

    public Option<int?> Threads { get; } = new("--threads") { Description = "llamacpp: CPU threads (default: the cores this process may use)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Llm, Model, BaseUrl, ApiKeyEnv, Timeout, Threads })
            command.Options.Add(option);
    }

    /// <summary>The settings the flags ask for; <paramref name="concurrency"/> is also the llama.cpp rows decoded together.</summary>
    public LlmSettings Settings(ParseResult parse, int concurrency, int? maxAttempts = null)
    {
        var settings = new LlmSettings
        {
            Provider = parse.GetValue(Llm) switch
            {
                "openai" => LlmProvider.OpenAI,
                "openai-compatible" => LlmProvider.OpenAICompatible,
                _ => LlmProvider.LlamaCpp,
            },
            Model = parse.GetValue(Model),
            BaseUrl = parse.GetValue(BaseUrl),
            ApiKeyEnvironmentVariable = parse.GetValue(ApiKeyEnv),
            RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)),
            LlamaCppThreads = parse.GetValue(Threads),
            LlamaCppParallelism = concurrency,
        };
        return maxAttempts is { } attempts ? settings with { MaxAttempts = attempts } : settings;
    }
}

namespace Distilabel.Llms;

/// <summary>Which LLM to use and how to reach it: what <see cref="LlmClients.CreateAsync"/> needs.</summary>
public sealed record LlmSettings
{
    /// <summary>Where the LLM runs.</summary>
    public required LlmProvider Provider { get; init; }

    /// <summary>A model name (OpenAI, servers) or a GGUF path (llama.cpp; null downloads a small default model once).</summary>
    public string? Model { get; init; }

    /// <summary>The server's base URL (OpenAI-compatible servers).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The environment variable holding the API key. Default: OPENAI_API_KEY for OpenAI, none for other servers.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; }

    /// <summary>The longest one request may take before it is retried. Default: 2 minutes.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts per request, the first included. Default: 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter. Default: 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Changes the retry settings further (back-off delays, a retry callback), after <see cref="MaxAttempts"/> is applied.</summary>
    public Action<RetryOptions>? ConfigureRetry { get; init; }

    /// <summary>llama.cpp: requests decoded together, as sequences of one batch. Default: 1.</summary>
    public int LlamaCppParallelism { get; init; } = 1;

    /// <summary>llama.cpp: CPU threads that decode the batch. Default: the cores this process may use.</summary>
    public int? LlamaCppThreads { get; init; }

    /// <summary>llama.cpp: context size in tokens, per request. Default: 4096.</summary>
    public uint LlamaCppContextSize { get; init; } = 4096;

    /// <summary>
    /// The LLM a notebook, script or tutorial should use, from environment variables: an OpenAI-compatible server when
    /// <c>OPENAI_BASE_URL</c> is set (model: <c>DISTILABEL_MODEL</c>, key: <c>OPENAI_API_KEY</c> if set); OpenAI when
    /// <c>OPENAI_API_KEY</c> is set (model: <c>DISTILABEL_MODEL</c>, default gpt-4); otherwise llama.cpp in-process with
    /// the GGUF at <c>DISTILABEL_MODEL</c>, else <paramref name="fallbackModelPath"/> when that file exists, else the small
    /// default model (downloaded once). <c>DISTILABEL_LLAMACPP_THREADS</c> sets llama.cpp's CPU threads.
    /// </summary>
    /// <exception cref="LlmConfigurationException"><c>OPENAI_BASE_URL</c> is set without <c>DISTILABEL_MODEL</c>.</exception>
    public static LlmSettings FromEnvironment(string? fallbackModelPath = null)
    {
        var model = Environment.GetEnvironmentVariable("DISTILABEL_MODEL") is { Length: > 0 } named ? named : null;
        var hasKey = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OpenAIChatClients.OpenAIApiKeyVariable));
        if (Environment.GetEnvironmentVariable("OPENAI_BASE_URL") is { Length: > 0 } baseUrl)
        {
            return new LlmSettings
            {
                Provider = LlmProvider.OpenAICompatible,
                BaseUrl = baseUrl,
                Model = model ?? throw new LlmConfigurationException("OPENAI_BASE_URL is set: set DISTILABEL_MODEL to the server's model name too."),
                ApiKeyEnvironmentVariable = hasKey ? OpenAIChatClients.OpenAIApiKeyVariable : null,
            };
        }

        if (hasKey)
            return new LlmSettings { Provider = LlmProvider.OpenAI, Model = model ?? "gpt-4" };

        return new LlmSettings
        {
            Provider = LlmProvider.LlamaCpp,
            Model = model ?? (fallbackModelPath is not null && File.Exists(fallbackModelPath) ? Path.GetFullPath(fallbackModelPath) : null),
            LlamaCppThreads = int.TryParse(Environment.GetEnvironmentVariable("DISTILABEL_LLAMACPP_THREADS"), out var threads) && threads > 0 ? threads : null,
        };
    }
}

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

    /// <summary>llama.cpp: requests decoded at once (each in its own context). Default: 1.</summary>
    public int LlamaCppParallelism { get; init; } = 1;

    /// <summary>llama.cpp: CPU threads per request. Default: half the cores (1 is fastest on tiny models).</summary>
    public int? LlamaCppThreads { get; init; }

    /// <summary>llama.cpp: context size in tokens. Default: 4096.</summary>
    public uint LlamaCppContextSize { get; init; } = 4096;
}

using Distilabel.Llms;

namespace Distilabel.Argilla;

/// <summary>How to reach an Argilla server (2.x).</summary>
public sealed record ArgillaClientOptions
{
    /// <summary>The environment variable read when <see cref="ApiUrl"/> is not set (as the Python SDK's <c>rg.Argilla()</c>).</summary>
    public const string ApiUrlVariable = "ARGILLA_API_URL";

    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyVariable = "ARGILLA_API_KEY";

    /// <summary>The server root, e.g. <c>http://localhost:6900</c> (the API is under <c>/api/v1</c>). Default: <c>ARGILLA_API_URL</c>.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>The API key, sent as <c>X-Argilla-Api-Key</c> and never written to messages. Default: <c>ARGILLA_API_KEY</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Retries of transient failures (429, 5xx, dropped connections) with back-off that honours <c>Retry-After</c>;
    /// the same settings as the LLM middleware. Default: 5 attempts from 1 s.</summary>
    public RetryOptions? Retry { get; init; }

    /// <summary>Records per bulk request (1..500, Argilla's limit). Default 500.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Timeout of each HTTP request. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A custom HTTP handler (proxies, tests).</summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }
}

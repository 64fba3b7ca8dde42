using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Builds a ready-to-use <see cref="IChatClient"/> from <see cref="LlmSettings"/>: the provider's client wrapped in
/// this library's middleware (one retry layer with backoff and Retry-After, a per-request timeout for servers).
/// Any other IChatClient (Azure OpenAI, Ollama, ONNX…) can be given to a pipeline directly instead.
/// </summary>
public static class LlmClients
{
    /// <summary>
    /// Creates the client; for llama.cpp (which needs the <c>Distilabel.LlamaCpp</c> package) without a model path,
    /// downloads the default model once.
    /// </summary>
    /// <exception cref="LlmConfigurationException">A setting is missing or wrong, or the provider's package is not referenced (the message says which).</exception>
    public static async Task<IChatClient> CreateAsync(LlmSettings settings, IProgress<DownloadProgress>? downloadProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        switch (settings.Provider)
        {
            case LlmProvider.OpenAI:
                return WithMiddleware(OpenAIChatClients.CreateOpenAI(
                    RequireModel(settings),
                    options: new OpenAICompatibleOptions { ApiKeyEnvironmentVariable = settings.ApiKeyEnvironmentVariable, NetworkTimeout = NetworkTimeout(settings) }), settings, timeout: true);

            case LlmProvider.OpenAICompatible:
                if (string.IsNullOrWhiteSpace(settings.BaseUrl))
                    throw new LlmConfigurationException("An OpenAI-compatible server needs a base URL, e.g. http://localhost:8000/v1.") { Setting = nameof(LlmSettings.BaseUrl) };
                return WithMiddleware(OpenAIChatClients.CreateCompatible(
                    settings.BaseUrl,
                    RequireModel(settings),
                    options: new OpenAICompatibleOptions { ApiKeyEnvironmentVariable = settings.ApiKeyEnvironmentVariable, GrammarField = "grammar", NetworkTimeout = NetworkTimeout(settings) }), settings, timeout: true);

            case LlmProvider.LlamaCpp:
                // The engine and its native libraries are a package of their own (Distilabel.LlamaCpp).
                return await LlmProviderPackages.FactoryFor(settings.Provider).CreateAsync(settings, downloadProgress, cancellationToken).ConfigureAwait(false);

            default:
                throw new LlmConfigurationException($"Unknown LLM provider '{settings.Provider}'.");
        }
    }

    private static string RequireModel(LlmSettings settings)
        => string.IsNullOrWhiteSpace(settings.Model)
            ? throw new LlmConfigurationException($"The {settings.Provider} provider needs a model name.") { Setting = nameof(LlmSettings.Model) }
            : settings.Model;

    /// <summary>
    /// The SDK's own network timeout: off when our <see cref="TimeoutChatClient"/> bounds every attempt (it would only
    /// repeat that work per request, and cut a long <see cref="LlmSettings.RequestTimeout"/> at its 100 s), else the SDK's.
    /// </summary>
    private static TimeSpan? NetworkTimeout(LlmSettings settings)
        => settings.RequestTimeout == Timeout.InfiniteTimeSpan ? null : Timeout.InfiniteTimeSpan;

    private static IChatClient WithMiddleware(IChatClient client, LlmSettings settings, bool timeout)
    {
        var builder = client.AsBuilder().UseRetry(retry =>
        {
            retry.MaxAttempts = settings.MaxAttempts;
            retry.BaseDelay = settings.RetryBaseDelay;
            retry.MaxDelay = settings.RetryBaseDelay * 30;
            settings.ConfigureRetry?.Invoke(retry);
        });
        if (timeout)
            builder = builder.UseRequestTimeout(settings.RequestTimeout);
        return builder.Build();
    }
}

using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Builds a ready-to-use <see cref="IChatClient"/> from <see cref="LlmSettings"/>: the provider's client wrapped in
/// this library's middleware (one retry layer with backoff and Retry-After, a per-request timeout for servers).
/// Any other IChatClient (Azure OpenAI, Ollama, ONNX…) can be given to a pipeline directly instead.
/// </summary>
public static class LlmClients
{
    /// <summary>Creates the client; for llama.cpp without a model path, downloads the default model once.</summary>
    /// <exception cref="LlmConfigurationException">A setting is missing or wrong (the message says which).</exception>
    public static async Task<IChatClient> CreateAsync(LlmSettings settings, IProgress<DownloadProgress>? downloadProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        switch (settings.Provider)
        {
            case LlmProvider.OpenAI:
                return WithMiddleware(OpenAIChatClients.CreateOpenAI(
                    RequireModel(settings),
                    options: new OpenAICompatibleOptions { ApiKeyEnvironmentVariable = settings.ApiKeyEnvironmentVariable }), settings, timeout: true);

            case LlmProvider.OpenAICompatible:
                if (string.IsNullOrWhiteSpace(settings.BaseUrl))
                    throw new LlmConfigurationException("An OpenAI-compatible server needs a base URL (--base-url), e.g. http://localhost:8000/v1.");
                return WithMiddleware(OpenAIChatClients.CreateCompatible(
                    settings.BaseUrl,
                    RequireModel(settings),
                    options: new OpenAICompatibleOptions { ApiKeyEnvironmentVariable = settings.ApiKeyEnvironmentVariable, GrammarField = "grammar" }), settings, timeout: true);

            case LlmProvider.LlamaCpp:
                var path = await LlamaCppModels.ResolveAsync(settings.Model, downloadProgress, cancellationToken).ConfigureAwait(false);
                var client = await LlamaCppChatClient.LoadAsync(path, new LlamaCppChatClientOptions
                {
                    MaxConcurrency = settings.LlamaCppParallelism,
                    Threads = settings.LlamaCppThreads ?? LlamaCppChatClientOptions.DefaultThreads,
                    ContextSize = settings.LlamaCppContextSize,
                }, cancellationToken).ConfigureAwait(false);
                // In-process decoding has no transient failures worth retrying, and no network to time out.
                return client;

            default:
                throw new LlmConfigurationException($"Unknown LLM provider '{settings.Provider}'.");
        }
    }

    private static string RequireModel(LlmSettings settings)
        => string.IsNullOrWhiteSpace(settings.Model)
            ? throw new LlmConfigurationException($"The {settings.Provider} provider needs a model name (--model).")
            : settings.Model;

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

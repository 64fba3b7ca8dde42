using Distilabel.LlamaCpp;
using Microsoft.Extensions.AI;

[assembly: LlmClientFactory(LlmProvider.LlamaCpp, typeof(LlamaCppClientFactory))]

namespace Distilabel.LlamaCpp;

/// <summary>
/// What <see cref="LlmClients.CreateAsync"/> calls for <see cref="LlmProvider.LlamaCpp"/> when this package is
/// referenced: resolves the GGUF (a path, or the default model downloaded once) and loads it.
/// </summary>
public sealed class LlamaCppClientFactory : ILlmClientFactory
{
    /// <inheritdoc />
    public async Task<IChatClient> CreateAsync(LlmSettings settings, IProgress<DownloadProgress>? downloadProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = await LlamaCppModels.ResolveAsync(settings.Model, downloadProgress, cancellationToken).ConfigureAwait(false);
        // In-process decoding has no transient failures worth retrying, and no network to time out: no middleware.
        return await LlamaCppChatClient.LoadAsync(path, new LlamaCppChatClientOptions
        {
            MaxConcurrency = settings.LlamaCppParallelism,
            Threads = settings.LlamaCppThreads ?? LlamaCppChatClientOptions.DefaultThreads,
            ContextSize = settings.LlamaCppContextSize,
        }, cancellationToken).ConfigureAwait(false);
    }
}

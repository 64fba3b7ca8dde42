using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Builds the client of a provider that ships in its own package (llama.cpp in-process: <c>Distilabel.LlamaCpp</c>),
/// so that <see cref="LlmClients.CreateAsync"/>, recipes and the command line reach it from <see cref="LlmSettings"/>
/// without this package depending on it. The package names its factory with <see cref="LlmClientFactoryAttribute"/>.
/// </summary>
public interface ILlmClientFactory
{
    /// <summary>Creates a ready-to-use client for <paramref name="settings"/>.</summary>
    /// <exception cref="LlmConfigurationException">A setting is missing or wrong (the message says which).</exception>
    Task<IChatClient> CreateAsync(LlmSettings settings, IProgress<DownloadProgress>? downloadProgress, CancellationToken cancellationToken);
}

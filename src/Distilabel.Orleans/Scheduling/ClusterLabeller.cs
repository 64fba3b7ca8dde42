using Microsoft.Extensions.AI;

namespace Distilabel.Orleans.Scheduling;

/// <summary>
/// The labeller of a submitter's steps in a cluster job: it names the workers ("cluster") in the job's title and
/// never answers, since every row is labelled by a worker with its own LLM.
/// </summary>
public sealed class ClusterLabeller : IChatClient
{
    /// <summary>The model id the submitter's steps show.</summary>
    public const string ModelId = "cluster";

    private static readonly ChatClientMetadata Metadata = new("distilabel-cluster", null, ModelId);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new InvalidOperationException("a cluster job's rows are labelled by the cluster's workers, never by the submitter");

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new InvalidOperationException("a cluster job's rows are labelled by the cluster's workers, never by the submitter");

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

using System.ClientModel.Primitives;

namespace Distilabel.Llms;

/// <summary>
/// The OpenAI SDK's retry slot in the clients <see cref="OpenAIChatClients"/> makes: it passes each request on, once.
/// <see cref="RetryingChatClient"/> is the single retry layer; the SDK's own policy with zero retries still paid its
/// bookkeeping per request (about 4 µs of a 50 µs request at zero latency).
/// </summary>
internal sealed class NoRetryPolicy : PipelinePolicy
{
    public static readonly NoRetryPolicy Instance = new();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        => ProcessNext(message, pipeline, currentIndex);

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        => ProcessNextAsync(message, pipeline, currentIndex);
}

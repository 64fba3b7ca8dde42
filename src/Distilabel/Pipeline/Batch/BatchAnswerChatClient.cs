using Distilabel.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// The labelling step's LLM while a batch job collects: each request gets the answer a batch gave to the very same
/// request body (<see cref="ChatRequestBodies"/>), usage included, or fails the row with the batch's error. It sends
/// nothing; its model name is the batch's, so the run key (and the journal) is the online path's.
/// </summary>
internal sealed class BatchAnswerChatClient(ChatRequestBodies bodies, BatchAnswers answers, string model) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new("openai-batch", defaultModelId: model);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = answers.Find(ChatRequestBodies.Hash(bodies.Body(messages, options)))
                ?? throw new LlmContentException("no batch holds this request (an iterative task's later round, or a request submitted by no batch)", kind: "batch: not submitted");
            return Task.FromResult(answer.Response ?? throw new LlmContentException(answer.Error ?? "the batch request failed", kind: answer.ErrorKind));
        }
        catch (Exception exception)
        {
            return Task.FromException<ChatResponse>(exception);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("batch answers are not streamed");

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;

    public void Dispose()
    {
    }
}

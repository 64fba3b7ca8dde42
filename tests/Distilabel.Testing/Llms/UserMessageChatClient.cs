using Microsoft.Extensions.AI;

namespace Distilabel.Testing.Llms;

/// <summary>A tiny in-process IChatClient for pipeline unit tests: answers come from a function of the user message.</summary>
public sealed class UserMessageChatClient(Func<string, CancellationToken, Task<string>> answer, string model = "fake-model") : IChatClient
{
    private int _inFlight;
    private int _maxInFlight;
    private int _calls;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Calls => Volatile.Read(ref _calls);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            var user = messages.Last(m => m.Role == ChatRole.User).Text;
            var text = await answer(user, cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
            {
                ModelId = model,
                Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 },
            };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("fake", defaultModelId: model) : null;

    public void Dispose()
    {
    }
}

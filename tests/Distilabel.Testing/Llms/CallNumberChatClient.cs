using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Distilabel.Testing.Llms;

/// <summary>A hand-written IChatClient whose behaviour is a function of the call number (1, 2, …).</summary>
public sealed class CallNumberChatClient(Func<int, CancellationToken, Task<ChatResponse>> respond) : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public static CallNumberChatClient Answering(string text) =>
        new((_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2, TotalTokenCount = 5 },
        }));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        respond(Interlocked.Increment(ref _calls), cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await respond(Interlocked.Increment(ref _calls), cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

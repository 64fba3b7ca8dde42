using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Distilabel.Benchmarks;

/// <summary>Diagnostic stand-in for the server and the SDK: waits the same simulated latency and answers the same
/// HelpSteer text, with no HTTP. Comparing a run with it to a normal run separates the pipeline's own cost from
/// the OpenAI SDK's and the network's.</summary>
internal sealed class InMemoryChatClient(BenchOptions options) : IChatClient
{
    private readonly LatencySampler _sampler = new(options);
    private readonly ChatClientMetadata _metadata = new("in-memory", null, LatencyServer.ModelId);
    private long _requests;
    private long _targetMicros;
    private long _holdTicks;
    private long _inFlight;
    private long _maxInFlight;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        var max = Interlocked.Read(ref _maxInFlight);
        while (inFlight > max && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
            max = Interlocked.Read(ref _maxInFlight);
        try
        {
            var number = Interlocked.Increment(ref _requests);
            var latencyMs = _sampler.NextMs();
            Interlocked.Add(ref _targetMicros, (long)(latencyMs * 1000));
            var start = Stopwatch.GetTimestamp();
            if (latencyMs > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(latencyMs), cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _holdTicks, Stopwatch.GetTimestamp() - start);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, LatencyServer.AnswerText((int)(number % 16))))
            {
                ModelId = LatencyServer.ModelId,
                FinishReason = ChatFinishReason.Stop,
                Usage = new UsageDetails { InputTokenCount = 420, OutputTokenCount = 43, TotalTokenCount = 463 },
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
        => serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public ServerStats Stats()
    {
        using var self = Process.GetCurrentProcess();
        return new ServerStats(
            Interlocked.Read(ref _requests),
            Interlocked.Read(ref _maxInFlight),
            0,
            Interlocked.Read(ref _targetMicros),
            (long)(Interlocked.Read(ref _holdTicks) * (1_000_000.0 / Stopwatch.Frequency)),
            0,
            0,
            0,
            0);
    }

    public void Dispose()
    {
    }
}

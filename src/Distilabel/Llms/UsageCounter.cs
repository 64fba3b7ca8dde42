using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Thread-safe running totals of LLM requests and tokens, filled by <see cref="UsageTrackingChatClient"/>.
/// One counter may be shared by several clients (e.g. a generator and a judge) to get a run's total.
/// </summary>
public sealed class UsageCounter
{
    private long _requests;
    private long _failedRequests;
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>Requests that returned an answer or failed.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests that threw.</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>Prompt tokens the servers reported.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Completion tokens the servers reported.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Counts one request that succeeded with <paramref name="usage"/> (null when the server reported none).</summary>
    public void AddSuccess(UsageDetails? usage)
    {
        Interlocked.Increment(ref _requests);
        Add(usage);
    }

    /// <summary>Counts one request that failed.</summary>
    public void AddFailure()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _failedRequests);
    }

    /// <summary>Adds token counts without counting a request (streaming usage arrives apart from the request).</summary>
    public void Add(UsageDetails? usage)
    {
        if (usage is null)
            return;
        if (usage.InputTokenCount is { } input)
            Interlocked.Add(ref _inputTokens, input);
        if (usage.OutputTokenCount is { } output)
            Interlocked.Add(ref _outputTokens, output);
    }

    /// <summary>A consistent-enough copy of the totals (each value read atomically).</summary>
    public UsageSnapshot Snapshot() => new(Requests, FailedRequests, InputTokens, OutputTokens);

    /// <inheritdoc />
    public override string ToString() => Snapshot().ToString();
}

/// <summary>Totals at one moment.</summary>
public readonly record struct UsageSnapshot(long Requests, long FailedRequests, long InputTokens, long OutputTokens)
{
    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Requests} requests ({FailedRequests} failed), {InputTokens} input + {OutputTokens} output tokens";
}

using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>Thread-safe counters of one run, turned into <see cref="PipelineProgress"/> snapshots.</summary>
internal sealed class RunStatistics(long? total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _completed;
    private long _failed;
    private long _inputTokens;
    private long _outputTokens;

    public void AddUsage(UsageDetails? usage)
    {
        if (usage?.InputTokenCount is { } input)
            Interlocked.Add(ref _inputTokens, input);
        if (usage?.OutputTokenCount is { } output)
            Interlocked.Add(ref _outputTokens, output);
    }

    public void RowFinished(bool failed)
    {
        Interlocked.Increment(ref _completed);
        if (failed)
            Interlocked.Increment(ref _failed);
    }

    public PipelineProgress Snapshot() => new(
        total,
        Interlocked.Read(ref _completed),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _inputTokens),
        Interlocked.Read(ref _outputTokens),
        _clock.Elapsed);
}

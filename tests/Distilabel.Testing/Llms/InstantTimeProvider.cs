using System.Collections.Concurrent;

namespace Distilabel.Testing.Llms;

/// <summary>A clock whose timers fire at once and which remembers what was asked: retry tests run instantly.</summary>
public sealed class InstantTimeProvider : TimeProvider
{
    public ConcurrentQueue<TimeSpan> RequestedDelays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
            RequestedDelays.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}

using Distilabel.Llms;

namespace Distilabel.Pipeline.Scheduling;

/// <summary>
/// Stops a run when every further request would fail the same way (bad API key, unknown model, unreachable server):
/// the first such error cancels every request in flight, and the run ends with one <see cref="PipelineAbortedException"/>
/// after at most the requests already in flight. One per run, shared by its steps.
/// </summary>
internal sealed class AbortPolicy : IDisposable
{
    private readonly CancellationTokenSource _abort;
    private PipelineAbortedException? _reason;

    public AbortPolicy(CancellationToken abortToken) => _abort = CancellationTokenSource.CreateLinkedTokenSource(abortToken);

    /// <summary>Cancelled when the run aborts (a configuration error, or the caller's abort token).</summary>
    public CancellationToken Token => _abort.Token;

    /// <summary>Why the run stopped, once a configuration error stopped it.</summary>
    public PipelineAbortedException? Reason => Volatile.Read(ref _reason);

    /// <summary>Whether <paramref name="error"/> stops the run.</summary>
    public static bool Stops(LlmError error) => error.Category == LlmErrorCategory.Configuration;

    /// <summary>Stops the run because of <paramref name="error"/> at row <paramref name="index"/>; returns the exception to throw.</summary>
    public Task<PipelineAbortedException> TripAsync(long index, LlmError error, Exception exception) => TripAsync(index, error.Reason, exception);

    /// <summary>Stops the run for <paramref name="reason"/> at row <paramref name="index"/>; returns the exception to throw.</summary>
    public async Task<PipelineAbortedException> TripAsync(long index, string reason, Exception? exception)
    {
        Interlocked.CompareExchange(ref _reason, new PipelineAbortedException($"row {index}: {reason}", index, exception), null);
        await _abort.CancelAsync().ConfigureAwait(false);
        return _reason!;
    }

    public void Dispose() => _abort.Dispose();
}

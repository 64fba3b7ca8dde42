using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Distilabel.Data;
using Distilabel.Orleans.Coordination;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Results;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Scheduling;
using Microsoft.Extensions.AI;

namespace Distilabel.Orleans.Workers;

/// <summary>
/// Labels the rows of one lease with the worker's own steps: reads them from the job's input, starts a row only
/// below the lease's grant, delivers finished rows in order to the submitter's sink, then checkpoints the cursor
/// (which renews the lease and extends the grant). A thief may shorten the lease; a coordinator that no longer
/// knows it (the lease was taken back) stops the run.
/// </summary>
internal sealed class LeaseRun(ILabelJobGrain job, Assignment assignment, LabellingPipeline pipeline, TimeSpan heartbeat)
{
    private const int MaxBatch = 256;
    private readonly Lease _lease = assignment.Lease;
    private readonly Channel<LabelledRow> _finished = Channel.CreateUnbounded<LabelledRow>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock _lock = new();
    private TaskCompletionSource _grantChanged = NewSignal();
    private long _end = assignment.Lease.End;
    private long _granted = assignment.Lease.Granted;
    private bool _lost;
    private PipelineProgress? _progress;

    /// <summary>The worker's steps for <paramref name="spec"/>: its task with its parameters, the job's generation options, the worker's LLM.</summary>
    /// <exception cref="WorkerMismatchException">The task is unknown here, or the steps would not answer as the submitter's.</exception>
    public static LabellingPipeline Pipeline(ClusterJobSpec spec, IChatClient llm, WorkerOptions options, CompiledTaskFiles taskFiles)
    {
        LlmTaskDefinition task;
        try
        {
            task = spec.TaskFile is { } file ? taskFiles.Get(file).WithParameters(spec.TaskParameters)
                : options.ResolveTask is { } resolve ? resolve(spec.TaskName, spec.TaskParameters)
                : (LlmTaskRegistry.Find(spec.TaskName) ?? throw new WorkerMismatchException($"unknown task '{spec.TaskName}' on this worker")).WithParameters(spec.TaskParameters);
        }
        catch (TaskParameterException e)
        {
            throw new WorkerMismatchException($"task '{spec.TaskName}': {e.Message}");
        }

        var pipeline = new LabellingPipeline(task, llm, spec.Generation.ToPipelineOptions(options.Concurrency, options.LabellerName));
        var differences = ClusterRunKey.WithoutModel(pipeline.RunKey).DifferencesFrom(RunKey.FromJson(spec.RunKey));
        if (differences.Count > 0)
            throw new WorkerMismatchException($"this worker's steps differ from the job's: {string.Join(", ", differences)}");
        return pipeline;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportAsync(stop);
        try
        {
            var progress = new LastProgress(p => Volatile.Write(ref _progress, p));
            await foreach (var row in pipeline.RunAsync(ReadLeaseAsync(stop.Token), progress, abortToken: stop.Token).ConfigureAwait(false))
                _finished.Writer.TryWrite(row with { Index = _lease.Start + row.Index });
            _finished.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (Lost && !cancellationToken.IsCancellationRequested)
        {
            // The lease was taken back: its rows are someone else's now.
            _finished.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _finished.Writer.TryComplete(e);
            await stop.CancelAsync().ConfigureAwait(false);
            await SwallowAsync(reporter).ConfigureAwait(false);
            throw;
        }

        await reporter.ConfigureAwait(false);
    }

    private bool Lost
    {
        get
        {
            lock (_lock)
                return _lost;
        }
    }

    /// <summary>The lease's rows, each only once the grant covers it; ends at the lease's end (which a thief may lower).</summary>
    private async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> ReadLeaseAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long index = 0;
        await foreach (var row in assignment.Spec.Input.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (index < _lease.Start)
            {
                index++;
                continue;
            }

            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (_lost || index >= _end)
                        yield break;
                    if (index < _granted)
                        break;
                    changed = _grantChanged.Task;
                }

                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            yield return row;
            index++;
        }
    }

    /// <summary>Delivers finished rows, then checkpoints; checkpoints at least every <c>heartbeat</c> to keep the lease.</summary>
    private async Task ReportAsync(CancellationTokenSource stop)
    {
        var cursor = _lease.Start;
        long inputTokens = 0, outputTokens = 0;
        var reader = _finished.Reader;
        while (true)
        {
            var batch = new List<RowResult>();
            while (batch.Count < MaxBatch && reader.TryRead(out var row))
                batch.Add(new RowResult(row.Index, RowTransport.EncodeValues(row.Values), row.Failure is null ? null : RowTransport.EncodeError(row.Failure)));

            if (batch.Count == 0)
            {
                if (reader.Completion.IsCompleted)
                    return;
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                wait.CancelAfter(heartbeat);
                try
                {
                    await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    // Nothing finished for a while (a slow LLM): checkpoint anyway to keep the lease.
                }
                catch (ChannelClosedException)
                {
                    return;
                }
            }
            else
            {
                var progress = Volatile.Read(ref _progress);
                var (input, output) = (progress?.InputTokens ?? 0, progress?.OutputTokens ?? 0);
                var rows = new RowBatch(batch, input - inputTokens, output - outputTokens);
                if (!await DeliverAsync(rows, cursor, stop.Token).ConfigureAwait(false))
                {
                    // The job ended (its submitter stopped) or the lease was taken back: these rows are nobody's now.
                    lock (_lock)
                    {
                        _lost = true;
                        _grantChanged.TrySetResult();
                    }

                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                (inputTokens, outputTokens) = (input, output);
                cursor += batch.Count;
            }

            var delivered = cursor;
            var update = await PersistAsync<LeaseUpdate>(() => job.Checkpoint(_lease.Id, delivered), stop.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (!update.Held)
                    _lost = true;
                else
                    (_end, _granted) = (update.End, update.Granted);
                var signal = _grantChanged;
                _grantChanged = NewSignal();
                signal.TrySetResult();
            }

            if (!update.Held)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>
    /// Delivers rows to the submitter's sink, retrying like <see cref="PersistAsync"/>; false, at once, when a failed
    /// delivery finds the lease no longer held (a finished job's sink is gone: retrying would only hold this worker).
    /// </summary>
    private Task<bool> DeliverAsync(RowBatch rows, long cursor, CancellationToken cancellationToken) => PersistAsync(
        async () =>
        {
            // Bounded: a call to a sink whose submitter is gone may only fail at Orleans' response timeout.
            await assignment.Sink.Deliver(rows).WaitAsync(heartbeat, cancellationToken).ConfigureAwait(false);
            return true;
        },
        cancellationToken,
        abandonWhen: async () => await StillHeldAsync(cursor).ConfigureAwait(false) is false,
        abandoned: false);

    /// <summary>Whether the coordinator still grants the lease (a checkpoint at the unchanged cursor); null when it cannot be asked.</summary>
    private async Task<bool?> StillHeldAsync(long cursor)
    {
        try
        {
            return (await job.Checkpoint(_lease.Id, cursor).ConfigureAwait(false)).Held;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Calls <paramref name="call"/> until it succeeds, for up to the lease timeout: a silo that dies takes part of the
    /// grain directory with it, and calls fail until the cluster has declared it dead. Both calls are idempotent (the
    /// sink keeps a row once, a checkpoint only moves the cursor forward), so the lease and its rows are kept meanwhile.
    /// </summary>
    /// <remarks>After a failure, <paramref name="abandonWhen"/> (if any) may end the retries with <paramref name="abandoned"/>.</remarks>
    private async Task<T> PersistAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken, Func<Task<bool>>? abandonWhen = null, T abandoned = default!)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && clock.Elapsed < heartbeat * 3)
            {
                if (abandonWhen is not null && await abandonWhen().ConfigureAwait(false))
                    return abandoned;
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task SwallowAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The labelling error is the one that matters.
        }
    }

    /// <summary>Keeps the last progress snapshot (its token counts), synchronously.</summary>
    private sealed class LastProgress(Action<PipelineProgress> keep) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => keep(value);
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Distilabel.Orleans.Coordination;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Results;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Scheduling;

namespace Distilabel.Orleans.Scheduling;

/// <summary>
/// Labels a job's rows on the cluster's workers: counts the rows, starts a coordinator with a lease table over them,
/// receives the labelled rows (keyed by row index, each kept once) and yields them in input order. Leases of silos
/// that die are taken back and their rows labelled elsewhere; a coordinator that lost its table gets it back from
/// the rows this process still misses.
/// </summary>
/// <param name="client">A client of the cluster.</param>
/// <param name="task">The task's registered name and parameters, as workers find it.</param>
/// <param name="generation">The generation options (each worker uses its own concurrency and model).</param>
/// <param name="input">The input as every worker opens it (a path or Hub address they all reach).</param>
/// <param name="options">How the job is followed.</param>
/// <param name="taskFile">The C# file <paramref name="task"/> was compiled from, when it is not a registered task: its source travels with the job.</param>
public sealed class ClusterRowScheduler(IClusterClient client, LlmTaskDefinition task, GenerationSpec generation, InputSpec input, ClusterSchedulerOptions? options = null, TaskFileSpec? taskFile = null) : IRowScheduler
{
    // Rows taken from the sink (and the journal) before they are written: bounds what a resumed job holds at once.
    private const int YieldBatch = 256;

    private readonly ClusterSchedulerOptions _options = options ?? new ClusterSchedulerOptions();

    /// <summary>The last job's coordinator, once started (for tests and tools that watch it).</summary>
    public ILabelJobGrain? Job { get; private set; }

    /// <summary>Rows the last job received more than once (dropped: each row is written once).</summary>
    public long DuplicateRows { get; private set; }

    /// <summary>Where the last job stood when it was last followed.</summary>
    public JobProgress? LastProgress { get; private set; }

    /// <inheritdoc />
    public IAsyncEnumerable<LabelledRow> RunAsync(
        Flow flow,
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IProgress<PipelineProgress>? progress,
        long? totalRows,
        CancellationToken drainToken,
        CancellationToken abortToken,
        IRowJournal? journal)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(rows);
        if (flow.StepNames.Count != 1 || !flow.KeepsRowCount)
            throw new NotSupportedException("a cluster job runs one labelling step");
        return RunCoreAsync(flow, rows, progress, journal, drainToken, abortToken);
    }

    private async IAsyncEnumerable<LabelledRow> RunCoreAsync(
        Flow flow,
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IProgress<PipelineProgress>? progress,
        IRowJournal? journal,
        CancellationToken drainToken,
        [EnumeratorCancellation] CancellationToken abortToken)
    {
        var clock = Stopwatch.StartNew();
        var journaled = journal is null ? null : new SubmitterJournal(journal, flow.StepNames[0], WrittenColumns());
        long total = 0;
        await foreach (var row in rows.WithCancellation(abortToken).ConfigureAwait(false))
        {
            journaled?.Check(total, row);
            total++;
        }

        var spec = new ClusterJobSpec
        {
            JobId = Guid.NewGuid().ToString("n"),
            TaskName = task.Descriptor.Name,
            TaskParameters = task.Descriptor.Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
            Generation = generation,
            Input = input,
            Rows = total,
            RunKey = ClusterRunKey.WithoutModel(flow.RunKey).ToJson(),
            TaskFile = taskFile,
        };
        var resumed = journaled is { Restored: > 0 };
        var sink = new RowSink(total, resumed ? journaled!.IsRestored : null);
        List<RowSpan>? leased = resumed ? [.. sink.Missing().Select(m => new RowSpan(m.Start, m.End))] : null;
        // Only the rows the journal lacks are leased (none: the job is not started at all).
        var started = leased is not [];
        var sinkReference = client.CreateObjectReference<IRowSink>(sink);
        var job = client.GetGrain<ILabelJobGrain>(spec.JobId);
        var board = client.GetGrain<IJobBoardGrain>(0);
        Job = job;
        // The journal's rows are rebuilt in turn on a second read of the input, rather than held from the first.
        var reread = resumed ? input.ReadAsync(abortToken).GetAsyncEnumerator(abortToken) : null;
        long rereadIndex = -1;
        try
        {
            if (started)
            {
                await job.Start(spec, leased).WaitAsync(abortToken).ConfigureAwait(false);
                await board.Register(spec.JobId).WaitAsync(abortToken).ConfigureAwait(false);
            }

            var follow = new Follower(this, job, board, spec, sink, sinkReference);
            long completed = 0, failed = 0;
            TimeSpan? lastFollow = null;
            var ready = new List<LabelledRow>();
            while (true)
            {
                // The rows here in order, made durable together (one journal transaction) before any is written.
                MakeDurable? durable = null;
                while (ready.Count < YieldBatch && sink.TryTakeNext(out var index, out var delivered))
                {
                    if (delivered is null)
                    {
                        while (rereadIndex < index)
                        {
                            if (!await reread!.MoveNextAsync().ConfigureAwait(false))
                                throw new InvalidDataException($"the input has fewer rows than when the job started ({index} of {total}): run it again");
                            rereadIndex++;
                        }

                        ready.Add(journaled!.Restore(index, reread!.Current));
                        continue;
                    }

                    ready.Add(delivered);
                    if (journaled is not null)
                        durable = journaled.Defer(delivered);
                }

                if (durable is not null)
                    await durable().ConfigureAwait(false);
                foreach (var row in ready)
                {
                    completed++;
                    if (row.Failure is not null)
                        failed++;
                    progress?.Report(new PipelineProgress(total, completed, failed, sink.InputTokens, sink.OutputTokens, clock.Elapsed));
                    yield return row;
                }

                var full = ready.Count == YieldBatch;
                ready.Clear();

                if (sink.IsComplete || drainToken.IsCancellationRequested)
                    break;
                if (full)
                    continue;
                if (lastFollow is not { } last || clock.Elapsed - last >= _options.FollowInterval)
                {
                    await follow.OnceAsync(abortToken).ConfigureAwait(false);
                    lastFollow = clock.Elapsed;
                }

                await sink.WaitAsync(_options.FollowInterval, abortToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (reread is not null)
                await reread.DisposeAsync().ConfigureAwait(false);
            DuplicateRows = sink.Duplicates;
            if (started)
                await EndAsync(job, board, spec.JobId).ConfigureAwait(false);
            client.DeleteObjectReference<IRowSink>(sinkReference);
        }
    }

    /// <summary>The columns the labelling step always writes, even over an input column of the same name.</summary>
    private HashSet<string> WrittenColumns() =>
        [.. task.Descriptor.Outputs.Select(o => o.Name), ColumnNames.LabellingModel, ColumnNames.RawLabellingResponse, ColumnNames.LabellingError];

    private static async Task EndAsync(ILabelJobGrain job, IJobBoardGrain board, string jobId)
    {
        try
        {
            await board.Unregister(jobId).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await job.Finish().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: a job nobody follows hands out no work (its sink is gone) and holds only its table.
        }
    }

    /// <summary>One follow of the job: where it stands, its table rebuilt when the coordinator lost it, the board reminded of it.</summary>
    private sealed class Follower(ClusterRowScheduler owner, ILabelJobGrain job, IJobBoardGrain board, ClusterJobSpec spec, RowSink sink, IRowSink sinkReference)
    {
        private readonly Stopwatch _sinceReached = Stopwatch.StartNew();

        public async Task OnceAsync(CancellationToken cancellationToken)
        {
            try
            {
                var status = await job.Follow(sinkReference).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!status.Known)
                {
                    await job.Start(spec, [.. sink.Missing().Select(m => new RowSpan(m.Start, m.End))]).WaitAsync(cancellationToken).ConfigureAwait(false);
                    status = await job.Follow(sinkReference).WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                await board.Register(spec.JobId).WaitAsync(cancellationToken).ConfigureAwait(false);
                owner.LastProgress = status;
                _sinceReached.Restart();
                if (status.Failure is { } failure)
                    throw new ClusterJobException(failure);
            }
            catch (Exception e) when (e is not (OperationCanceledException or ClusterJobException))
            {
                // A silo died under the call, or the gateway moved: try again on the next follow, up to a point.
                if (_sinceReached.Elapsed > owner._options.Unreachable)
                    throw new ClusterJobException($"the cluster has not answered for {owner._options.Unreachable.TotalSeconds:0} s: {e.Message}", e);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Scheduling;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// A step that asks an LLM for every row: rows run in an <see cref="OrderedWindow"/> (output in input order, memory
/// bounded by the reorder window), each bound to the run journal (<see cref="StepJournal"/>): a row is durable before it
/// leaves the step.
/// </summary>
internal abstract class LlmStep : FlowStep
{
    public sealed override bool AsksLlm => true;

    /// <summary>Rows started but not yet yielded, at most.</summary>
    protected abstract int ReorderWindow { get; }

    /// <summary>Called once per run, before the first row: per-run state such as request slots.</summary>
    protected abstract IRowComputer Start(StepRun run, bool final);

    public sealed override IAsyncEnumerable<LabelledRow> ApplyAsync(IAsyncEnumerable<LabelledRow> rows, StepRun run, bool final)
    {
        var computer = Start(run, final);
        if (run.Journal is null)
            return OrderedWindow.RunAsync<LabelledRow, LabelledRow>(rows, (index, row, token) => ComputeAsync(index, row, computer, token), ReorderWindow, run.Policy, CancellationToken.None);
        var journal = new StepJournal(run.Journal, Name);
        return DurableAsync(OrderedWindow.RunAsync<LabelledRow, Finished>(rows, (index, row, token) => ProcessAsync(index, row, computer, journal, token), ReorderWindow, run.Policy, CancellationToken.None));
    }

    private static async Task<LabelledRow> ComputeAsync(long index, LabelledRow row, IRowComputer computer, CancellationToken token)
    {
        var result = await computer.ComputeAsync(index, row, token).ConfigureAwait(false);
        return new LabelledRow(index, result.Values, StepJournal.Failure(row, result.Error));
    }

    private static async Task<Finished> ProcessAsync(long index, LabelledRow row, IRowComputer computer, StepJournal journal, CancellationToken token)
    {
        var fingerprint = RowFingerprint.Compute(row.Values);
        if (journal.TryRestore(index, row, fingerprint) is { } restored)
            return new Finished(restored, null);

        var usage = new RowUsage();
        RowUsage.Current = usage;
        var computed = await computer.ComputeAsync(index, row, token).ConfigureAwait(false);

        // Queued at once; made durable before the row leaves the window, together with every row finished by then.
        var durable = journal.Defer(index, row, fingerprint, computed, usage);
        return new Finished(new LabelledRow(index, computed.Values, StepJournal.Failure(row, computed.Error)), durable);
    }

    /// <summary>
    /// The rows in order, each durable before it is yielded (it counts as done only then): awaiting the first row not
    /// yet committed commits every row queued since, so the rows that finished while it waited its turn share one
    /// transaction, instead of one transaction each.
    /// </summary>
    private static async IAsyncEnumerable<LabelledRow> DurableAsync(IAsyncEnumerable<Finished> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var finished in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (finished.Durable is { } durable)
                await durable().ConfigureAwait(false);
            yield return finished.Row;
        }
    }

    /// <summary>A row the step finished, and what makes it durable (null: it came from the journal).</summary>
    private readonly record struct Finished(LabelledRow Row, Func<ValueTask>? Durable);

    /// <summary>Computes one row of a step in a run.</summary>
    protected internal interface IRowComputer
    {
        Task<StepResult> ComputeAsync(long index, LabelledRow row, CancellationToken cancellationToken);
    }
}

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
        return DurableAsync(OrderedWindow.RunAsync<LabelledRow, Finished>(rows, (index, row, token) => ProcessAsync(index, row, computer, journal, token), ReorderWindow, run.Policy, CancellationToken.None), ReorderWindow / 2);
    }

    private static async Task<LabelledRow> ComputeAsync(long index, LabelledRow row, IRowComputer computer, CancellationToken token)
    {
        var result = await computer.ComputeAsync(index, row, null, token).ConfigureAwait(false);
        return new LabelledRow(index, result.Values, StepJournal.Failure(row, result.Error));
    }

    private static async Task<Finished> ProcessAsync(long index, LabelledRow row, IRowComputer computer, StepJournal journal, CancellationToken token)
    {
        var fingerprint = RowFingerprint.Compute(row.Values);
        if (journal.TryRestore(index, row, fingerprint) is { } restored)
            return new Finished(restored, null);

        var usage = new RowUsage();
        var computed = await computer.ComputeAsync(index, row, usage, token).ConfigureAwait(false);

        // Queued at once; made durable before the row leaves the window, together with every row finished by then.
        var durable = journal.Defer(index, row, fingerprint, computed, usage);
        return new Finished(new LabelledRow(index, computed.Values, StepJournal.Failure(row, computed.Error)), durable);
    }

    /// <summary>
    /// The rows in order, each durable before it is yielded (it counts as done only then): awaiting the first row not
    /// yet committed commits every row queued by then in one transaction, once <paramref name="gather"/> rows are queued
    /// (half the window: the other half keeps the requests going meanwhile) or after a few milliseconds, instead of one
    /// transaction per row.
    /// </summary>
    private static async IAsyncEnumerable<LabelledRow> DurableAsync(IAsyncEnumerable<Finished> rows, int gather, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var finished in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (finished.Durable is { } durable)
                await durable(gather).ConfigureAwait(false);
            yield return finished.Row;
        }
    }

    /// <summary>A row the step finished, and what makes it durable (null: it came from the journal).</summary>
    private readonly record struct Finished(LabelledRow Row, MakeDurable? Durable);

    /// <summary>Computes one row of a step in a run.</summary>
    protected internal interface IRowComputer
    {
        /// <param name="index">The row's index in the step's input.</param>
        /// <param name="row">The row.</param>
        /// <param name="usage">Counts the tokens the row's requests spend (for the journal); null when nobody keeps them.</param>
        /// <param name="cancellationToken">Cancels the row.</param>
        Task<StepResult> ComputeAsync(long index, LabelledRow row, RowUsage? usage, CancellationToken cancellationToken);
    }
}

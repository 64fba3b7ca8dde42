using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Scheduling;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// A step that asks an LLM for every row: rows run in an <see cref="OrderedWindow"/> (output in input order, memory
/// bounded by the reorder window), each bound to the run journal (<see cref="StepJournal"/>).
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
        var journal = run.Journal is null ? null : new StepJournal(run.Journal, Name);
        return OrderedWindow.RunAsync<LabelledRow, LabelledRow>(rows, (index, row, token) => ProcessAsync(index, row, computer, journal, token), ReorderWindow, run.Policy, CancellationToken.None);
    }

    private static async Task<LabelledRow> ProcessAsync(long index, LabelledRow row, IRowComputer computer, StepJournal? journal, CancellationToken token)
    {
        if (journal is null)
        {
            var result = await computer.ComputeAsync(index, row, token).ConfigureAwait(false);
            return new LabelledRow(index, result.Values, StepJournal.Failure(row, result.Error));
        }

        var fingerprint = RowFingerprint.Compute(row.Values);
        if (journal.TryRestore(index, row, fingerprint) is { } restored)
            return restored;

        var usage = new RowUsage();
        RowUsage.Current = usage;
        var computed = await computer.ComputeAsync(index, row, token).ConfigureAwait(false);

        // Durable as soon as the row is finished, before it waits in the reorder window: a kill loses only rows in flight.
        await journal.RecordAsync(index, row, fingerprint, computed, usage).ConfigureAwait(false);
        return new LabelledRow(index, computed.Values, StepJournal.Failure(row, computed.Error));
    }

    /// <summary>Computes one row of a step in a run.</summary>
    protected internal interface IRowComputer
    {
        Task<StepResult> ComputeAsync(long index, LabelledRow row, CancellationToken cancellationToken);
    }
}

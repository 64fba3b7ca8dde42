using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// Binds one LLM step to the run journal: a row the step finished in an earlier run comes back with the very columns and
/// typed error it had, and a row it finishes now is queued and made durable before it leaves the step (rows finishing
/// meanwhile share its transaction), under (step name, row index in the step's input).
/// </summary>
internal sealed class StepJournal(IRowJournal journal, string step)
{
    /// <summary>The row as the step left it in an earlier run, or null when it must be computed.</summary>
    public LabelledRow? TryRestore(long index, LabelledRow input, byte[] fingerprint)
    {
        if (journal.Find(step, index, fingerprint) is not { } saved)
            return null;

        return new LabelledRow(index, saved.RestoreColumns(input.Values), Failure(input, saved.Error));
    }

    /// <summary>Queues the step's result for a row; the returned function makes it durable (<see cref="IRowJournal.Defer"/>).</summary>
    public MakeDurable Defer(long index, LabelledRow input, byte[] fingerprint, StepResult result, RowUsage usage)
    {
        var added = new List<KeyValuePair<string, object?>>(result.Values.Count);
        foreach (var (column, value) in result.Values)
        {
            if (!input.Values.TryGetValue(column, out var before) || !ReferenceEquals(before, value))
                added.Add(new(column, value));
        }

        return journal.Defer(new JournaledRow(index, fingerprint, added, result.Error, result.RawAnswer, usage.InputTokens, usage.OutputTokens) { Step = step });
    }

    /// <summary>A row's failure after a step: the failures of the steps before it, then the step's own.</summary>
    public static RowError? Failure(LabelledRow input, RowError? stepError) => input.Failure is null ? stepError
        : stepError is null ? input.Failure
        : RowError.Combine([input.Failure, stepError]);
}

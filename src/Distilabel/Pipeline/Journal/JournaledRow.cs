namespace Distilabel.Pipeline.Journal;

/// <summary>One row a step finished, as a run journal keeps it: enough to rebuild the step's output without asking the LLM again.</summary>
/// <param name="Index">The row's 0-based position in the step's input.</param>
/// <param name="InputFingerprint">The <see cref="RowFingerprint"/> of the input row it was computed from.</param>
/// <param name="Columns">
/// The columns the step added to (or changed in) its input row, in output order: the task's outputs and the
/// bookkeeping columns (<c>labelling_model</c>, <c>raw_labelling_response</c>, <c>labelling_error</c>, …).
/// </param>
/// <param name="Error">Why the step could not complete the row (typed, so a resumed run counts it the same); null when it could.</param>
/// <param name="RawAnswer">The LLM's raw answer (text), when there was one.</param>
/// <param name="InputTokens">Prompt tokens spent on the row.</param>
/// <param name="OutputTokens">Completion tokens spent on the row.</param>
public sealed record JournaledRow(
    long Index,
    byte[] InputFingerprint,
    IReadOnlyList<KeyValuePair<string, object?>> Columns,
    RowError? Error,
    string? RawAnswer,
    long InputTokens,
    long OutputTokens)
{
    /// <summary>The step that finished the row (its name); rows of every step of a run share one journal.</summary>
    public string Step { get; init; } = "";

    /// <summary>Whether the step completed the row without error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The row as the step left it: <paramref name="input"/>'s columns, then the journaled ones, exactly as a live step builds them.</summary>
    public IReadOnlyDictionary<string, object?> RestoreColumns(IReadOnlyDictionary<string, object?> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = new OrderedDictionary<string, object?>(input.Count + Columns.Count);
        foreach (var (column, value) in input)
            values[column] = value;
        foreach (var (column, value) in Columns)
            values[column] = value;
        return values;
    }
}

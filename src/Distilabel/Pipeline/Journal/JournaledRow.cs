namespace Distilabel.Pipeline.Journal;

/// <summary>One finished row as a run journal keeps it: enough to rebuild the output row without asking the LLM again.</summary>
/// <param name="Index">The row's 0-based position in the input.</param>
/// <param name="InputFingerprint">The <see cref="RowFingerprint"/> of the input row it was computed from.</param>
/// <param name="Columns">
/// The columns the pipeline added to (or changed in) the input row, in output order: the task's outputs and the
/// bookkeeping columns (<c>labelling_model</c>, <c>raw_labelling_response</c>, <c>labelling_error</c>, …).
/// </param>
/// <param name="Error">Why the row could not be labelled; null when it was.</param>
/// <param name="RawAnswer">The labeller's raw answer (text), when there was one.</param>
/// <param name="InputTokens">Prompt tokens spent on the row.</param>
/// <param name="OutputTokens">Completion tokens spent on the row.</param>
public sealed record JournaledRow(
    long Index,
    byte[] InputFingerprint,
    IReadOnlyList<KeyValuePair<string, object?>> Columns,
    string? Error,
    string? RawAnswer,
    long InputTokens,
    long OutputTokens)
{
    /// <summary>Whether the row was labelled without error.</summary>
    public bool Succeeded => Error is null;
}

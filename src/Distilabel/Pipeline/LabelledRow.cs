namespace Distilabel.Pipeline;

/// <summary>One output row: every input column, the task's outputs and the bookkeeping columns.</summary>
/// <param name="Index">The row's 0-based position in the input (of the last step, after any explode).</param>
/// <param name="Values">The columns, in order: the input row's, then outputs, then <see cref="ColumnNames"/>.</param>
/// <param name="Failure">Why the row could not be completed, at any step; null when it was.</param>
public sealed record LabelledRow(long Index, IReadOnlyDictionary<string, object?> Values, RowError? Failure)
{
    /// <summary>The text of <see cref="Failure"/> (the error column's text); null when the row was completed.</summary>
    public string? Error => Failure?.Text;

    /// <summary>Whether the row was completed without error.</summary>
    public bool Succeeded => Failure is null;
}

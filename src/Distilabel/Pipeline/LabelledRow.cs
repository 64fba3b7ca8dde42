namespace Distilabel.Pipeline;

/// <summary>One output row: every input column, the task's outputs and the bookkeeping columns.</summary>
/// <param name="Index">The row's 0-based position in the input.</param>
/// <param name="Values">The columns, in order: the input row's, then outputs, then <see cref="ColumnNames"/>.</param>
/// <param name="Error">Why it could not be labelled (also in <c>labelling_error</c>); null when it was.</param>
public sealed record LabelledRow(long Index, IReadOnlyDictionary<string, object?> Values, string? Error)
{
    /// <summary>Whether the row was labelled without error.</summary>
    public bool Succeeded => Error is null;
}

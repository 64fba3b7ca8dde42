namespace Distilabel;

/// <summary>
/// What an <see cref="AnswerReaderAttribute">answer reader</see> found in an answer, by output column: raw text per
/// value (a rating as its digits), one text per item for per-item and list outputs. The generated parser then applies
/// the task's own rules (ranges, one value per item, nulls), exactly as for a tagged answer.
/// </summary>
public sealed class AnswerValues
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyList<string?>> _items = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets the value of a single-value output (null: none).</summary>
    public AnswerValues Set(string column, string? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        _values[column] = value;
        return this;
    }

    /// <summary>Sets the items of a per-item or list output, in order (item i is the value for list item i; null: none).</summary>
    public AnswerValues SetItems(string column, IReadOnlyList<string?> items)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(items);
        _items[column] = items.ToArray();
        return this;
    }

    internal bool TryGetValue(string column, out string? value) => _values.TryGetValue(column, out value);

    internal bool TryGetItems(string column, out IReadOnlyList<string?> items) => _items.TryGetValue(column, out items!);
}

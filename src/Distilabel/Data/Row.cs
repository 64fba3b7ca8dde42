using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Distilabel.Data;

/// <summary>
/// One dataset row: column name → value, in column order. Values are CLR primitives:
/// <see cref="string"/>, <see cref="long"/> (integers; <see cref="int"/> is accepted too), <see cref="double"/>,
/// <see cref="bool"/>, <c>null</c>, or for list columns <see cref="IReadOnlyList{T}"/> of <see cref="string"/> or of
/// nullable <see cref="long"/> (elements may be null; any sequence of <see cref="int"/>/<see cref="long"/>/their
/// nullable forms is accepted when written, and reads back as <c>long?</c>).
/// Column names are case-sensitive. Not thread-safe.
/// </summary>
public sealed class Row : IReadOnlyDictionary<string, object?>
{
    private readonly OrderedDictionary<string, object?> _values;

    /// <summary>An empty row.</summary>
    public Row() => _values = new OrderedDictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>An empty row with room for <paramref name="capacity"/> columns.</summary>
    public Row(int capacity) => _values = new OrderedDictionary<string, object?>(capacity, StringComparer.Ordinal);

    /// <summary>A row holding a copy of <paramref name="values"/>, in their order. A repeated column name is an error.</summary>
    public Row(IEnumerable<KeyValuePair<string, object?>> values)
        : this(values is IReadOnlyCollection<KeyValuePair<string, object?>> c ? c.Count : 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
            Add(key, value);
    }

    /// <summary>Returns <paramref name="row"/> itself when it already is a <see cref="Row"/>, else a copy.</summary>
    public static Row From(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row as Row ?? new Row(row);
    }

    /// <summary>The value of <paramref name="column"/>. Reading a missing column throws <see cref="KeyNotFoundException"/>
    /// naming it and the columns the row has; setting one adds it at the end (or replaces it in place).</summary>
    public object? this[string column]
    {
        get => _values.TryGetValue(column, out var value)
            ? value
            : throw new KeyNotFoundException($"The row has no column '{column}' (columns: {DescribeColumns()}).");
        set => _values[column] = value;
    }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns => _values.Keys;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values.Values;

    /// <summary>Adds a column at the end; throws <see cref="ArgumentException"/> if it exists (enables collection initialisers).</summary>
    public void Add(string column, object? value)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!_values.TryAdd(column, value))
            throw new ArgumentException($"The row already has a column '{column}'.", nameof(column));
    }

    /// <summary>Removes a column; false when it was absent.</summary>
    public bool Remove(string column) => _values.Remove(column);

    /// <summary>Renames a column in place (keeping its position). Throws when <paramref name="from"/> is missing or
    /// <paramref name="to"/> already exists.</summary>
    public void Rename(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var index = _values.IndexOf(from);
        if (index < 0)
            throw new KeyNotFoundException($"Cannot rename column '{from}': the row has no such column (columns: {DescribeColumns()}).");
        if (from == to)
            return;
        if (_values.ContainsKey(to))
            throw new ArgumentException($"Cannot rename column '{from}' to '{to}': the row already has a column '{to}'.", nameof(to));
        _values.SetAt(index, to, _values.GetAt(index).Value);
    }

    /// <summary>The index of a column, or -1.</summary>
    public int IndexOf(string column) => _values.IndexOf(column);

    /// <summary>A shallow copy.</summary>
    public Row Clone() => new(_values);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _values.TryGetValue(key, out value);

    /// <summary>Enumerates the columns in order.</summary>
    public OrderedDictionary<string, object?>.Enumerator GetEnumerator() => _values.GetEnumerator();

    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();

    /// <summary>A one-line JSON-like view for debugging (long values shortened).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("{");
        foreach (var (key, value) in _values)
        {
            if (builder.Length > 1)
                builder.Append(", ");
            builder.Append(key).Append(": ");
            var shown = RowValues.Describe(value);
            builder.Append(shown.Length > 60 ? shown[..60] + "…" : shown);
        }

        return builder.Append('}').ToString();
    }

    internal string DescribeColumns() => DescribeColumns(_values.Keys);

    internal static string DescribeColumns(IEnumerable<string> columns)
    {
        var list = columns.Take(51).ToList();
        if (list.Count == 0)
            return "none";
        var text = string.Join(", ", list.Take(50));
        return list.Count > 50 ? text + ", …" : text;
    }
}

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// Turns list columns into rows (distilabel's <c>ExpandColumns</c>): item i of every listed column goes into row i,
/// under its new name when renamed (e.g. <c>generations</c> → <c>response</c>); the other columns are copied. A row whose
/// lists are all empty stays one row with nulls (it is never dropped); a row's error goes to the rows of the generation
/// it belongs to (an error of the whole row, to each of them).
/// </summary>
internal sealed class ExplodeStep : TransformStep
{
    private readonly string[] _columns;
    private readonly IReadOnlyDictionary<string, string> _rename;

    public ExplodeStep(IEnumerable<string> columns, IReadOnlyDictionary<string, string>? rename)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        if (_columns.Length == 0)
            throw new ArgumentException("explode needs at least one column", nameof(columns));
        _rename = rename ?? new Dictionary<string, string>();
        foreach (var from in _rename.Keys)
        {
            if (!_columns.Contains(from, StringComparer.Ordinal))
                throw new ArgumentException($"explode renames '{from}', which is not one of its columns ({string.Join(", ", _columns)})", nameof(rename));
        }

        Name = "explode(" + string.Join(",", _columns.Select(c => _rename.TryGetValue(c, out var to) ? $"{c}->{to}" : c)) + ")";
    }

    public override string Name { get; }

    public override IReadOnlyDictionary<string, string> KeyComponents => new Dictionary<string, string>();

    public override IEnumerable<string> ColumnsAfter(IEnumerable<string> before)
        => before.Select(c => _rename.GetValueOrDefault(c, c));

    protected override IEnumerable<(IReadOnlyDictionary<string, object?> Values, RowError? Failure)> Apply(LabelledRow row)
    {
        var lists = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
        foreach (var column in _columns)
            lists[column] = Items(row.Values.GetValueOrDefault(column));
        var count = lists.Values.Max(l => l.Count);
        if (count == 0)
        {
            yield return (Build(row, lists, item: -1), row.Failure);
            yield break;
        }

        for (var i = 0; i < count; i++)
            yield return (Build(row, lists, i), FailureOf(row.Failure, i));
    }

    private OrderedDictionary<string, object?> Build(LabelledRow row, Dictionary<string, IReadOnlyList<object?>> lists, int item)
    {
        var values = new OrderedDictionary<string, object?>(row.Values.Count + _columns.Length);
        foreach (var (column, value) in row.Values)
        {
            if (lists.TryGetValue(column, out var list))
                values[_rename.GetValueOrDefault(column, column)] = item >= 0 && item < list.Count ? list[item] : null;
            else if (!values.ContainsKey(column))
                values[column] = value;
        }

        foreach (var column in _columns.Where(c => !row.Values.ContainsKey(c)))
            values[_rename.GetValueOrDefault(column, column)] = null;
        return values;
    }

    private static IReadOnlyList<object?> Items(object? value) => value switch
    {
        null => [],
        string text => [text],
        System.Collections.IEnumerable list => list.Cast<object?>().ToList(),
        _ => [value],
    };

    private static RowError? FailureOf(RowError? failure, int item)
    {
        if (failure is null)
            return null;
        var parts = failure.Parts.Count > 0 ? failure.Parts : [failure];
        return RowError.Combine([.. parts.Where(p => p.Generation is null || p.Generation == item)]);
    }
}

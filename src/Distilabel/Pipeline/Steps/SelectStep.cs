namespace Distilabel.Pipeline.Steps;

/// <summary>Keeps only the given columns, in the given order (a missing one is null).</summary>
internal sealed class SelectStep : TransformStep
{
    private readonly string[] _columns;

    public SelectStep(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        if (_columns.Length == 0)
            throw new ArgumentException("select needs at least one column", nameof(columns));
        Name = "select(" + string.Join(",", _columns) + ")";
    }

    public override string Name { get; }

    public override IReadOnlyDictionary<string, string> KeyComponents => new Dictionary<string, string>();

    public override IEnumerable<string> ColumnsAfter(IEnumerable<string> before) => _columns;

    protected override IEnumerable<(IReadOnlyDictionary<string, object?> Values, RowError? Failure)> Apply(LabelledRow row)
    {
        var values = new OrderedDictionary<string, object?>(_columns.Length);
        foreach (var column in _columns)
            values[column] = row.Values.GetValueOrDefault(column);
        yield return (values, row.Failure);
    }
}

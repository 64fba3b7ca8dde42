namespace Distilabel.Pipeline.Steps;

/// <summary>Renames columns in place (order kept); a name that is not there is ignored.</summary>
internal sealed class RenameStep : TransformStep
{
    private readonly IReadOnlyDictionary<string, string> _rename;

    public RenameStep(IReadOnlyDictionary<string, string> rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        if (rename.Count == 0)
            throw new ArgumentException("rename needs at least one column", nameof(rename));
        _rename = rename;
        Name = "rename(" + string.Join(",", rename.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}->{r.Value}")) + ")";
    }

    public override string Name { get; }

    public override IReadOnlyDictionary<string, string> KeyComponents => new Dictionary<string, string>();

    public override IEnumerable<string> ColumnsAfter(IEnumerable<string> before) => before.Select(c => _rename.GetValueOrDefault(c, c));

    protected override IEnumerable<(IReadOnlyDictionary<string, object?> Values, RowError? Failure)> Apply(LabelledRow row)
    {
        var values = new OrderedDictionary<string, object?>(row.Values.Count);
        foreach (var (column, value) in row.Values)
            values[_rename.GetValueOrDefault(column, column)] = value;
        yield return (values, row.Failure);
    }
}

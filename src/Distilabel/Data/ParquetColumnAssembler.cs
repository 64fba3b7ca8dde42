using Parquet;
using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// Rebuilds the values of one top-level Parquet column of any shape (structs, lists, maps, nested to any depth)
/// from its leaf columns' definition and repetition levels: a struct becomes a <see cref="Row"/>, a list an
/// <c>object?[]</c>, a map an <c>object?[]</c> of <c>{key, value}</c> rows (as <c>datasets</c> shows them), leaves
/// their row-model values. Null and empty lists, null structs and null elements are told apart.
/// </summary>
internal static class ParquetColumnAssembler
{
    /// <summary>The key and value member names of an assembled map entry.</summary>
    public const string MapKey = "key", MapValue = "value";

    public static async Task<object?[]> ReadAsync(ParquetRowGroupReader group, Field field, int rowCount, CancellationToken cancellationToken)
    {
        var leaves = new Dictionary<DataField, LeafColumn>();
        foreach (var leaf in Leaves(field))
            leaves[leaf] = await ParquetLeafValues.ReadAsync(group, leaf, cancellationToken).ConfigureAwait(false);
        var rows = new object?[rowCount];
        for (var i = 0; i < rowCount; i++)
            rows[i] = Read(field, 0, leaves);
        return rows;
    }

    /// <summary>The leaf (data) fields under <paramref name="field"/>, in schema order.</summary>
    public static IEnumerable<DataField> Leaves(Field field) => field switch
    {
        DataField data => [data],
        StructField s => s.Fields.SelectMany(Leaves),
        ListField l => Leaves(l.Item),
        MapField m => Leaves(m.Key).Concat(Leaves(m.Value)),
        _ => throw new NotSupportedException($"column type {field.SchemaType} is not supported"),
    };

    private static object? Read(Field field, int parentLevel, Dictionary<DataField, LeafColumn> leaves)
    {
        switch (field)
        {
            case DataField data:
                return leaves[data].Next();
            case StructField s:
                if (s.MaxDefinitionLevel > parentLevel && First(s, leaves).PeekDefinition() < s.MaxDefinitionLevel)
                    return SkipNull(s, leaves);
                var row = new Row(s.Fields.Count);
                foreach (var member in s.Fields)
                    row[member.Name] = Read(member, s.MaxDefinitionLevel, leaves);
                return row;
            case ListField or MapField:
                // The field's own level is that of its repeated group: present with at least one element.
                var present = field.MaxDefinitionLevel;
                var first = First(field, leaves);
                var level = first.PeekDefinition();
                if (level < present - 1)
                    return SkipNull(field, leaves);
                if (level == present - 1)
                {
                    SkipNull(field, leaves);
                    return Array.Empty<object?>();
                }

                var items = new List<object?>();
                do
                {
                    items.Add(field is MapField map
                        ? new Row(2) { [MapKey] = Read(map.Key, present, leaves), [MapValue] = Read(map.Value, present, leaves) }
                        : Read(((ListField)field).Item, present, leaves));
                }
                while (first.HasNext && first.PeekRepetition() >= field.MaxRepetitionLevel);

                return items.ToArray();
            default:
                throw new NotSupportedException($"column type {field.SchemaType} is not supported");
        }
    }

    private static LeafColumn First(Field field, Dictionary<DataField, LeafColumn> leaves) => leaves[Leaves(field).First()];

    /// <summary>A null (or empty) node has exactly one entry in each of its leaves.</summary>
    private static object? SkipNull(Field field, Dictionary<DataField, LeafColumn> leaves)
    {
        foreach (var leaf in Leaves(field))
            leaves[leaf].Next();
        return null;
    }
}

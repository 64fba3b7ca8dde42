using Parquet;
using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// Writes one top-level Parquet column of any shape from row-model values: the inverse of
/// <see cref="ParquetColumnAssembler"/> (structs from dictionaries, lists from sequences, maps from
/// <c>{key, value}</c> rows or dictionaries), each leaf's values converted back to its own type.
/// </summary>
internal sealed class ParquetColumnShredder
{
    private readonly Dictionary<DataField, LeafBuffer> _leaves = [];
    private readonly Field _field;

    public ParquetColumnShredder(Field field)
    {
        _field = field;
        foreach (var leaf in ParquetColumnAssembler.Leaves(field))
            _leaves[leaf] = new LeafBuffer();
    }

    /// <summary>Adds one row's value (normalised).</summary>
    public void Add(object? value) => Write(_field, value, 0, 0);

    /// <summary>Writes every leaf of the column to the row group.</summary>
    public async Task WriteAsync(ParquetRowGroupWriter group, CancellationToken cancellationToken)
    {
        foreach (var (leaf, buffer) in _leaves)
        {
            await ParquetLeafValues.WriteAsync(
                group,
                leaf,
                buffer.Values,
                leaf.MaxDefinitionLevel > 0 ? buffer.Definitions.ToArray() : null,
                leaf.MaxRepetitionLevel > 0 ? buffer.Repetitions.ToArray() : null,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private void Write(Field field, object? value, int parentLevel, int repetition)
    {
        switch (field)
        {
            case DataField data:
                var leaf = _leaves[data];
                leaf.Repetitions.Add(repetition);
                if (value is null)
                {
                    if (data.MaxDefinitionLevel == parentLevel)
                        throw new ArgumentException($"'{data.Path}' is required (not nullable) but the value is null");
                    leaf.Definitions.Add(parentLevel);
                }
                else
                {
                    leaf.Definitions.Add(data.MaxDefinitionLevel);
                    leaf.Values.Add(value);
                }

                break;
            case StructField s:
                if (value is null)
                {
                    WriteNull(s, parentLevel, repetition);
                    break;
                }

                var members = value as IReadOnlyDictionary<string, object?>
                    ?? throw new ArgumentException($"'{s.Path}' is a struct but the value is {RowValues.Describe(value)}");
                foreach (var member in s.Fields)
                    Write(member, members.TryGetValue(member.Name, out var v) ? v : null, s.MaxDefinitionLevel, repetition);
                break;
            case ListField or MapField:
                if (value is null)
                {
                    WriteNull(field, parentLevel, repetition);
                    break;
                }

                var items = Items(field, value);
                var present = field.MaxDefinitionLevel;
                if (items.Count == 0)
                {
                    WriteNull(field, present - 1, repetition);
                    break;
                }

                for (var k = 0; k < items.Count; k++)
                {
                    var r = k == 0 ? repetition : field.MaxRepetitionLevel;
                    if (field is MapField map)
                    {
                        var (key, item) = Entry(map, items[k]);
                        Write(map.Key, key, present, r);
                        Write(map.Value, item, present, r);
                    }
                    else
                    {
                        Write(((ListField)field).Item, items[k], present, r);
                    }
                }

                break;
            default:
                throw new NotSupportedException($"column type {field.SchemaType} is not supported");
        }
    }

    private void WriteNull(Field field, int level, int repetition)
    {
        foreach (var leaf in ParquetColumnAssembler.Leaves(field))
        {
            var buffer = _leaves[leaf];
            buffer.Definitions.Add(level);
            buffer.Repetitions.Add(repetition);
        }
    }

    private static List<object?> Items(Field field, object value) => value switch
    {
        string => throw new ArgumentException($"'{field.Path}' is a list but the value is {RowValues.Describe(value)}"),
        IReadOnlyDictionary<string, object?> map when field is MapField => map.Select(p => (object?)p).ToList(),
        System.Collections.IEnumerable items => items.Cast<object?>().ToList(),
        _ => throw new ArgumentException($"'{field.Path}' is a list but the value is {RowValues.Describe(value)}"),
    };

    private static (object? Key, object? Value) Entry(MapField map, object? entry) => entry switch
    {
        KeyValuePair<string, object?> pair => (pair.Key, pair.Value),
        IReadOnlyDictionary<string, object?> row when row.ContainsKey(ParquetColumnAssembler.MapKey)
            => (row[ParquetColumnAssembler.MapKey], row.TryGetValue(ParquetColumnAssembler.MapValue, out var v) ? v : null),
        _ => throw new ArgumentException($"'{map.Path}' is a map; each entry must be a {{key, value}} struct, not {RowValues.Describe(entry)}"),
    };

    private sealed class LeafBuffer
    {
        public List<object> Values { get; } = [];

        public List<int> Definitions { get; } = [];

        public List<int> Repetitions { get; } = [];
    }
}

using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// The Parquet type of a nested column inferred from its values when no source schema gives it: structs from
/// dictionaries, lists from sequences, leaves from the row model's scalars (string, int64, double, boolean, decimal).
/// Shapes merge across rows (an int64 leaf widens to double, structs gain the members later rows add, a null or an
/// empty list fits anything), and a value that fits no merged shape is an error naming the path in the column.
/// </summary>
internal abstract record ParquetShape
{
    /// <summary>A leaf no row has given a value yet (only nulls, empty lists): written as a nullable string.</summary>
    public static readonly ParquetShape Unknown = new LeafShape(LeafKind.Unknown);

    /// <summary>The shape of one normalised value.</summary>
    public static ParquetShape Of(object? value) => value switch
    {
        null => Unknown,
        string => new LeafShape(LeafKind.String),
        long => new LeafShape(LeafKind.Int64),
        double => new LeafShape(LeafKind.Double),
        bool => new LeafShape(LeafKind.Boolean),
        decimal => new LeafShape(LeafKind.Decimal),
        IReadOnlyDictionary<string, object?> members => new StructShape(members.Select(m => (m.Key, Of(m.Value))).ToList()),
        IReadOnlyList<string> texts => new ListShape(texts.Any(t => t is not null) ? new LeafShape(LeafKind.String) : Unknown),
        IReadOnlyList<long?> numbers => new ListShape(numbers.Any(n => n is not null) ? new LeafShape(LeafKind.Int64) : Unknown),
        object[] items => new ListShape(items.Aggregate(Unknown, (shape, item) => Merge(shape, Of(item), "element"))),
        _ => throw new ArgumentException($"{RowValues.Describe(value)} has no Parquet type"),
    };

    /// <summary>The shape both <paramref name="a"/> and <paramref name="b"/> fit; <paramref name="path"/> names the
    /// place in the column for the error when there is none.</summary>
    public static ParquetShape Merge(ParquetShape a, ParquetShape b, string path)
    {
        switch (a, b)
        {
            case (LeafShape { Kind: LeafKind.Unknown }, _):
                return b;
            case (_, LeafShape { Kind: LeafKind.Unknown }):
                return a;
            case (LeafShape x, LeafShape y) when x.Kind == y.Kind:
                return a;
            case (LeafShape { Kind: LeafKind.Int64 or LeafKind.Double }, LeafShape { Kind: LeafKind.Int64 or LeafKind.Double }):
                return new LeafShape(LeafKind.Double);
            case (ListShape x, ListShape y):
                return new ListShape(Merge(x.Item, y.Item, path + ".element"));
            case (StructShape x, StructShape y):
                var members = x.Members.ToList();
                foreach (var (name, shape) in y.Members)
                {
                    var i = members.FindIndex(m => m.Name == name);
                    if (i < 0)
                        members.Add((name, shape));
                    else
                        members[i] = (name, Merge(members[i].Shape, shape, path + "." + name));
                }

                return new StructShape(members);
            default:
                throw new ArgumentException($"'{path}' holds {a} values and {b} values; a Parquet column has one type");
        }
    }

    /// <summary>The Parquet field of this shape (every level nullable).</summary>
    public abstract Field ToField(string name);

    internal enum LeafKind
    {
        Unknown,
        String,
        Int64,
        Double,
        Boolean,
        Decimal,
    }

    private sealed record LeafShape(LeafKind Kind) : ParquetShape
    {
        public override Field ToField(string name) => Kind switch
        {
            LeafKind.Int64 => new DataField<long?>(name),
            LeafKind.Double => new DataField<double?>(name),
            LeafKind.Boolean => new DataField<bool?>(name),
            LeafKind.Decimal => new DecimalDataField(name, 38, 18, isNullable: true),
            _ => new DataField<string>(name, true),
        };

        public override string ToString() => Kind == LeafKind.Unknown ? "null" : Kind.ToString().ToLowerInvariant();
    }

    private sealed record ListShape(ParquetShape Item) : ParquetShape
    {
        public override Field ToField(string name) => new ListField(name, Item.ToField("element"));

        public override string ToString() => $"list<{Item}>";
    }

    private sealed record StructShape(IReadOnlyList<(string Name, ParquetShape Shape)> Members) : ParquetShape
    {
        public override Field ToField(string name) => new StructField(name, [.. Members.Select(m => m.Shape.ToField(m.Name))]);

        public override string ToString() => $"struct<{string.Join(", ", Members.Select(m => $"{m.Name}: {m.Shape}"))}>";

        // Value equality over the members (a list of tuples compares by reference otherwise).
        public bool Equals(StructShape? other) => other is not null && ToString() == other.ToString();

        public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
    }
}

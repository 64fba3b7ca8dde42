using System.Globalization;

namespace Distilabel.Data;

/// <summary>
/// One row cell, classified once: its <see cref="CellKind"/> and its value in that kind's terms. This is the only
/// place that switches on the CLR types a row may hold; the writers, the journal codec and the row fingerprint switch
/// on <see cref="Kind"/>, so a new value type is taught to all of them here.
/// </summary>
internal readonly struct Cell
{
    private readonly string? _text;
    private readonly long _bits;

    private Cell(CellKind kind, object? value, string? text = null, long bits = 0, bool narrow = false)
    {
        Kind = kind;
        Value = value;
        _text = text;
        _bits = bits;
        Narrow = narrow;
    }

    /// <summary>What the cell holds.</summary>
    public CellKind Kind { get; }

    /// <summary>The value as given.</summary>
    public object? Value { get; }

    /// <summary>A 32-bit CLR type: an <see cref="int"/> (<see cref="CellKind.Integer"/>) or a <see cref="float"/>
    /// (<see cref="CellKind.Float"/>). The journal keeps it, to give back the very same CLR value.</summary>
    public bool Narrow { get; }

    /// <summary>The text of a <see cref="CellKind.Text"/> cell, or the invariant text of a <see cref="CellKind.Formatted"/> one.</summary>
    public string Text => _text ?? throw WrongKind(nameof(Text));

    /// <summary>The value of an <see cref="CellKind.Integer"/> cell.</summary>
    public long Integer => Kind == CellKind.Integer ? _bits : throw WrongKind(nameof(Integer));

    /// <summary>The value of a <see cref="CellKind.Float"/> cell.</summary>
    public double Float => Kind == CellKind.Float ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(nameof(Float));

    /// <summary>The value of a <see cref="CellKind.Boolean"/> cell.</summary>
    public bool Boolean => Kind == CellKind.Boolean ? _bits != 0 : throw WrongKind(nameof(Boolean));

    /// <summary>The value of a <see cref="CellKind.Decimal"/> cell.</summary>
    public decimal Decimal => Kind == CellKind.Decimal ? (decimal)Value! : throw WrongKind(nameof(Decimal));

    /// <summary>The items of a <see cref="CellKind.TextList"/>, <see cref="CellKind.IntegerList"/> or <see cref="CellKind.List"/> cell.</summary>
    public System.Collections.IEnumerable Items => Kind is CellKind.TextList or CellKind.IntegerList or CellKind.List
        ? (System.Collections.IEnumerable)Value!
        : throw WrongKind(nameof(Items));

    /// <summary>The members of a <see cref="CellKind.Struct"/> cell.</summary>
    public IReadOnlyDictionary<string, object?> Members => Kind == CellKind.Struct ? (IReadOnlyDictionary<string, object?>)Value! : throw WrongKind(nameof(Members));

    /// <summary>The bytes of a <see cref="CellKind.Binary"/> cell.</summary>
    public ReadOnlyMemory<byte> Bytes => Value switch
    {
        byte[] bytes when Kind == CellKind.Binary => bytes,
        ReadOnlyMemory<byte> memory when Kind == CellKind.Binary => memory,
        _ => throw WrongKind(nameof(Bytes)),
    };

    /// <summary>Classifies <paramref name="value"/>.</summary>
    public static Cell Of(object? value) => value switch
    {
        null or DBNull => new(CellKind.Null, value),
        string s => new(CellKind.Text, value, s),
        long l => new(CellKind.Integer, value, bits: l),
        int i => new(CellKind.Integer, value, bits: i, narrow: true),
        double d => new(CellKind.Float, value, bits: BitConverter.DoubleToInt64Bits(d)),
        bool b => new(CellKind.Boolean, value, bits: b ? 1 : 0),
        short s => new(CellKind.Integer, value, bits: s),
        byte b => new(CellKind.Integer, value, bits: b),
        sbyte b => new(CellKind.Integer, value, bits: b),
        ushort s => new(CellKind.Integer, value, bits: s),
        uint u => new(CellKind.Integer, value, bits: u),
        ulong u when u <= long.MaxValue => new(CellKind.Integer, value, bits: (long)u),
        ulong u => FloatCell(value, u, narrow: false),
        float f => FloatCell(value, f, narrow: true),
        Half h => FloatCell(value, (double)h, narrow: false),
        decimal => new(CellKind.Decimal, value),
        char c => new(CellKind.Text, value, c.ToString()),
        ReadOnlyMemory<char> m => new(CellKind.Text, value, m.ToString()),
        Memory<char> m => new(CellKind.Text, value, m.ToString()),
        byte[] or ReadOnlyMemory<byte> => new(CellKind.Binary, value),
        IReadOnlyDictionary<string, object?> => new(CellKind.Struct, value),
        IEnumerable<string> => new(CellKind.TextList, value),
        IEnumerable<long?> or IEnumerable<long> or IEnumerable<int?> or IEnumerable<int> => new(CellKind.IntegerList, value),
        System.Collections.IEnumerable => new(CellKind.List, value),
        DateTime t => Formatted(value, t.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset t => Formatted(value, t.ToString("O", CultureInfo.InvariantCulture)),
        DateOnly d => Formatted(value, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => Formatted(value, t.ToString("O", CultureInfo.InvariantCulture)),
        TimeSpan t => Formatted(value, t.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => Formatted(value, g.ToString()),
        Enum e => Formatted(value, e.ToString()),
        _ => new(CellKind.Unsupported, value),
    };

    private static Cell FloatCell(object value, double d, bool narrow) => new(CellKind.Float, value, bits: BitConverter.DoubleToInt64Bits(d), narrow: narrow);

    private static Cell Formatted(object value, string text) => new(CellKind.Formatted, value, text);

    private InvalidOperationException WrongKind(string what) => new($"A {Kind} cell has no {what}.");
}

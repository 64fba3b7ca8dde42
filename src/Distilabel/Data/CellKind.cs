namespace Distilabel.Data;

/// <summary>
/// What a row cell holds, as every consumer of cells sees it: the writers (JSONL, CSV, Parquet, DataFrame), the run
/// journal's codec and the row fingerprint all switch on this kind (<see cref="Cell.Of"/>), never on CLR types.
/// </summary>
internal enum CellKind : byte
{
    /// <summary><c>null</c> or <see cref="DBNull"/>.</summary>
    Null,

    /// <summary>Text: <see cref="string"/>, <see cref="char"/>, <c>ReadOnlyMemory&lt;char&gt;</c>, <c>Memory&lt;char&gt;</c> (<see cref="Cell.Text"/>).</summary>
    Text,

    /// <summary>An integer of any width that fits a <see cref="long"/> (<see cref="Cell.Integer"/>).</summary>
    Integer,

    /// <summary>A binary floating-point number (<see cref="double"/>, <see cref="float"/>, <see cref="Half"/>), or a
    /// <see cref="ulong"/> too large for a long (<see cref="Cell.Float"/>).</summary>
    Float,

    /// <summary>A <see cref="bool"/> (<see cref="Cell.Boolean"/>).</summary>
    Boolean,

    /// <summary>A <see cref="decimal"/>.</summary>
    Decimal,

    /// <summary>A sequence of strings, null elements allowed (<see cref="Cell.Items"/>).</summary>
    TextList,

    /// <summary>A sequence of <see cref="int"/>, <see cref="long"/> or their nullable forms (<see cref="Cell.Items"/>).</summary>
    IntegerList,

    /// <summary>A struct: named members in order, as Hub datasets nest them (<see cref="Cell.Members"/>).</summary>
    Struct,

    /// <summary>Any other sequence: its items are cells themselves (<see cref="Cell.Items"/>).</summary>
    List,

    /// <summary>Bytes (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>): <see cref="Cell.Bytes"/>.</summary>
    Binary,

    /// <summary>A value with one invariant text form: dates and times (ISO 8601), <see cref="TimeSpan"/>, <see cref="Guid"/>,
    /// enums (<see cref="Cell.Text"/>).</summary>
    Formatted,

    /// <summary>Anything else: no format can write it.</summary>
    Unsupported,
}

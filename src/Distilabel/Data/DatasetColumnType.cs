namespace Distilabel.Data;

/// <summary>The type of a dataset column in a typed format (Parquet, DataFrame). Every column is nullable.</summary>
public enum DatasetColumnType
{
    /// <summary>UTF-8 text; row values are <see cref="string"/>.</summary>
    String,

    /// <summary>64-bit integer; row values are <see cref="long"/>.</summary>
    Int64,

    /// <summary>32-bit integer (e.g. the HelpSteer ratings); row values are <see cref="long"/> when read back.</summary>
    Int32,

    /// <summary>64-bit floating point; row values are <see cref="double"/>.</summary>
    Double,

    /// <summary>Boolean; row values are <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>A list of strings (e.g. <c>generations</c>); row values are <see cref="IReadOnlyList{T}"/> of <see cref="string"/>.
    /// Elements may be null.</summary>
    StringList,

    /// <summary>A list of 64-bit integers (e.g. one rating per generation); row values are
    /// <see cref="IReadOnlyList{T}"/> of nullable <see cref="long"/> (a null element is a missing rating). Rows may hold
    /// any sequence of <see cref="int"/>, <see cref="long"/> or their nullable forms; it reads back as <c>long?</c>.</summary>
    Int64List,

    /// <summary>A decimal number (Parquet DECIMAL); row values are <see cref="decimal"/>.</summary>
    Decimal,

    /// <summary>A nested value, as Hub datasets carry them: a struct (row values are <see cref="Row"/>s), a map or a
    /// list of anything but strings and integers (row values are <c>object?[]</c>). Written to Parquet with the
    /// source's schema (<see cref="DatasetWriteOptions.SourceSchema"/>).</summary>
    Nested,
}

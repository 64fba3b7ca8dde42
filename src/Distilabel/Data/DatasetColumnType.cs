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

    /// <summary>A list of strings (e.g. <c>generations</c>); row values are <see cref="IReadOnlyList{T}"/> of <see cref="string"/>.</summary>
    StringList,
}

namespace Distilabel.Data;

/// <summary>One column of an explicit dataset schema: its name and type. Every column is nullable.</summary>
/// <param name="Name">The column name (case-sensitive).</param>
/// <param name="Type">The column type.</param>
public sealed record DatasetColumn(string Name, DatasetColumnType Type)
{
    /// <summary>A string column.</summary>
    public static DatasetColumn String(string name) => new(name, DatasetColumnType.String);

    /// <summary>A 64-bit integer column.</summary>
    public static DatasetColumn Int64(string name) => new(name, DatasetColumnType.Int64);

    /// <summary>A 32-bit integer column.</summary>
    public static DatasetColumn Int32(string name) => new(name, DatasetColumnType.Int32);

    /// <summary>A floating-point column.</summary>
    public static DatasetColumn Double(string name) => new(name, DatasetColumnType.Double);

    /// <summary>A boolean column.</summary>
    public static DatasetColumn Boolean(string name) => new(name, DatasetColumnType.Boolean);

    /// <summary>A list-of-strings column.</summary>
    public static DatasetColumn StringList(string name) => new(name, DatasetColumnType.StringList);

    /// <summary>A list-of-integers column (nullable elements).</summary>
    public static DatasetColumn Int64List(string name) => new(name, DatasetColumnType.Int64List);
}

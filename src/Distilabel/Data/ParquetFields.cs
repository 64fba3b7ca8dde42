using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>Helpers over Parquet.Net fields.</summary>
internal static class ParquetFields
{
    /// <summary>A copy of a top-level field under another name, with the same type (logical type, unit, time zone,
    /// precision, nullability) and the same children.</summary>
    public static Field WithName(Field field, string name) => field switch
    {
        DateTimeDataField d => new DateTimeDataField(name, d.DateTimeFormat, d.IsAdjustedToUTC, d.Unit, d.IsNullable, d.IsArray),
        DecimalDataField d => new DecimalDataField(name, d.Precision, d.Scale, d.ForceByteArrayEncoding, d.IsNullable, d.IsArray),
        TimeDataField d => new TimeDataField(name, d.Precision, d.IsNullable, d.IsArray) { IsAdjustedToUtc = d.IsAdjustedToUtc },
        DataField d => new DataField(name, d.ClrType, d.IsNullable, d.IsArray),
        StructField s => new StructField(name, [.. s.Fields]),
        ListField l => new ListField(name, l.Item),
        MapField m => new MapField(name, m.Key, m.Value),
        _ => throw new NotSupportedException($"Cannot rename column '{field.Name}' of type {field.GetType().Name}."),
    };
}

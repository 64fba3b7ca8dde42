using System.Globalization;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// Moves the values of one Parquet leaf column between Parquet.Net's CLR types and the row model. Reading
/// normalises them (<see cref="RowValues.TryNormalize"/>: int32 → long, timestamps → ISO 8601 text, binary → base64,
/// decimals stay decimal); writing converts them back to the leaf's own CLR type, so a value read from a column goes
/// back into it exactly (the logical type, unit and time zone live in the field, not in the value).
/// </summary>
internal static class ParquetLeafValues
{
    /// <summary>The reader options every Parquet read uses: binary stays binary, dates are dates.</summary>
    public static ParquetOptions ReadOptions => new() { TreatByteArrayAsString = false, UseDateOnlyTypeForDates = true };

    /// <summary>Reads a leaf column of a row group: its present values (normalised) and its levels.</summary>
    public static async Task<LeafColumn> ReadAsync(ParquetRowGroupReader group, DataField leaf, CancellationToken cancellationToken)
    {
        using var raw = await group.ReadRawColumnDataBaseAsync(leaf, cancellationToken).ConfigureAwait(false);
        var values = raw switch
        {
            RawColumnData<ReadOnlyMemory<char>> v => Normalize(v.Values, x => x.ToString()),
            RawColumnData<ReadOnlyMemory<byte>> v => Normalize(v.Values, x => Convert.ToBase64String(x.Span)),
            RawColumnData<long> v => Normalize(v.Values, x => x),
            RawColumnData<int> v => Normalize(v.Values, x => (long)x),
            RawColumnData<short> v => Normalize(v.Values, x => (long)x),
            RawColumnData<sbyte> v => Normalize(v.Values, x => (long)x),
            RawColumnData<byte> v => Normalize(v.Values, x => (long)x),
            RawColumnData<ushort> v => Normalize(v.Values, x => (long)x),
            RawColumnData<uint> v => Normalize(v.Values, x => (long)x),
            RawColumnData<ulong> v => Normalize(v.Values, x => x),
            RawColumnData<double> v => Normalize(v.Values, x => x),
            RawColumnData<float> v => Normalize(v.Values, x => (double)x),
            RawColumnData<bool> v => Normalize(v.Values, x => x),
            RawColumnData<decimal> v => Normalize(v.Values, x => x),
            RawColumnData<DateTime> v => Normalize(v.Values, x => WallClock(x, leaf)),
            RawColumnData<DateOnly> v => Normalize(v.Values, x => x),
            RawColumnData<TimeOnly> v => Normalize(v.Values, x => x),
            RawColumnData<TimeSpan> v => Normalize(v.Values, x => x),
            RawColumnData<DateTimeOffset> v => Normalize(v.Values, x => x),
            RawColumnData<Guid> v => Normalize(v.Values, x => x),
            RawColumnData<Half> v => Normalize(v.Values, x => x),
            _ => throw new NotSupportedException($"values of type {leaf.ClrType.Name} are not supported"),
        };
        return new LeafColumn(
            leaf, values, leaf.MaxDefinitionLevel > 0 ? raw.DefinitionLevels.ToArray() : [], leaf.MaxRepetitionLevel > 0 ? raw.RepetitionLevels.ToArray() : []);
    }

    /// <summary>Writes a leaf column: present values (row model) and levels (null when the leaf has none).</summary>
    public static Task WriteAsync(ParquetRowGroupWriter group, DataField leaf, List<object> values, int[]? definitions, int[]? repetitions, CancellationToken cancellationToken)
    {
        var type = leaf.ClrType;
        return type switch
        {
            _ when type == typeof(ReadOnlyMemory<char>) => Write(v => ((string)v).AsMemory()),
            _ when type == typeof(ReadOnlyMemory<byte>) => Write(v => (ReadOnlyMemory<byte>)Convert.FromBase64String((string)v)),
            _ when type == typeof(long) => Write(v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(int) => Write(v => System.Convert.ToInt32(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(short) => Write(v => System.Convert.ToInt16(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(sbyte) => Write(v => System.Convert.ToSByte(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(byte) => Write(v => System.Convert.ToByte(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(ushort) => Write(v => System.Convert.ToUInt16(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(uint) => Write(v => System.Convert.ToUInt32(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(ulong) => Write(v => v is double d ? (ulong)d : System.Convert.ToUInt64(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(double) => Write(v => System.Convert.ToDouble(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(float) => Write(v => (float)System.Convert.ToDouble(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(Half) => Write(v => (Half)System.Convert.ToDouble(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(bool) => Write(v => (bool)v),
            _ when type == typeof(decimal) => Write(v => System.Convert.ToDecimal(v, CultureInfo.InvariantCulture)),
            _ when type == typeof(DateTime) => Write(v => DateTime.Parse((string)v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
            _ when type == typeof(DateOnly) => Write(v => DateOnly.Parse((string)v, CultureInfo.InvariantCulture)),
            _ when type == typeof(TimeOnly) => Write(v => TimeOnly.Parse((string)v, CultureInfo.InvariantCulture)),
            _ when type == typeof(TimeSpan) => Write(v => TimeSpan.Parse((string)v, CultureInfo.InvariantCulture)),
            _ when type == typeof(DateTimeOffset) => Write(v => DateTimeOffset.Parse((string)v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
            _ when type == typeof(Guid) => Write(v => Guid.Parse((string)v)),
            _ => throw new NotSupportedException($"values of type {type.Name} are not supported"),
        };

        Task Write<T>(Func<object, T> convert)
            where T : struct
        {
            var typed = new T[values.Count];
            for (var i = 0; i < typed.Length; i++)
                typed[i] = convert(values[i]);
            return group.WriteAllPartsAsync<T>(leaf, typed, definitions, repetitions, cancellationToken);
        }
    }

    /// <summary>A timestamp as it is stored: UTC (ISO text ending in Z) when the column is adjusted to UTC, else a wall
    /// clock without offset. Parquet.Net may hand either back as local time.</summary>
    private static DateTime WallClock(DateTime value, DataField leaf)
    {
        if (value.Kind == DateTimeKind.Local)
            value = value.ToUniversalTime();
        var utc = leaf is DateTimeDataField { IsAdjustedToUTC: true };
        return DateTime.SpecifyKind(value, utc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
    }

    private static object?[] Normalize<T>(Span<T> values, Func<T, object?> read)
    {
        var result = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var value = read(values[i]);
            result[i] = value is string or long or double or bool or decimal ? value : RowValues.TryNormalize(value, out var normalized) ? normalized : value?.ToString();
        }

        return result;
    }
}

/// <summary>One leaf column of a row group, read: present values and levels, with a cursor over its entries.</summary>
internal sealed class LeafColumn(DataField leaf, object?[] values, int[] definitions, int[] repetitions)
{
    private int _entry;
    private int _value;

    /// <summary>The number of entries (levels), or of values when the leaf has no levels.</summary>
    private int Entries => definitions.Length > 0 ? definitions.Length : values.Length;

    public bool HasNext => _entry < Entries;

    public int PeekDefinition() => definitions.Length > 0 ? definitions[_entry] : leaf.MaxDefinitionLevel;

    public int PeekRepetition() => repetitions.Length > 0 ? repetitions[_entry] : 0;

    /// <summary>Consumes one entry: its value when present (definition level at its maximum), else null.</summary>
    public object? Next()
    {
        if (!HasNext)
            throw new InvalidDataException($"column '{leaf.Path}' has fewer values than its siblings");
        var present = PeekDefinition() == leaf.MaxDefinitionLevel;
        _entry++;
        return present ? values[_value++] : null;
    }
}

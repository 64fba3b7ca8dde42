using System.Runtime.CompilerServices;
using System.Text.Json;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// Reads Parquet files row group by row group (memory holds one row group, never the file). Types:
/// strings → string; all integer types → long; float/double → double; decimal → decimal; bool → bool; timestamps →
/// ISO 8601 text; dates → <c>yyyy-MM-dd</c>; binary → base64 text; a list of strings → a list of strings
/// (<c>string?[]</c>); a list of integers (int64, int32 or smaller) → a list of nullable longs (<c>long?[]</c>); any
/// other list → <c>object?[]</c>; a struct → a <see cref="Row"/>; a map → <c>object?[]</c> of <c>{key, value}</c> rows;
/// nested to any depth. Null elements, null or empty lists and null structs survive. Written back to Parquet with
/// <see cref="ParquetSourceSchema"/>, every column keeps its exact type. Named <c>ParquetRowReader</c> to stay clear of
/// Parquet.Net's own types.
/// </summary>
public static class ParquetRowReader
{
    /// <summary>Reads a file. A missing file throws <see cref="DatasetFormatException"/> at once; a file that is not
    /// Parquet (or is truncated or corrupt) throws it during enumeration.</summary>
    public static IAsyncEnumerable<Row> ReadAsync(string path, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = DatasetPaths.RequireExisting(path);
        return ReadCoreAsync(() => DatasetPaths.OpenRead(full), ownsStream: true, full, options ?? DatasetReadOptions.Default, 0, null, cancellationToken);
    }

    /// <summary>Reads a seekable stream (left open); <paramref name="name"/> is used in error messages.</summary>
    public static IAsyncEnumerable<Row> ReadAsync(Stream stream, string name, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCoreAsync(() => stream, ownsStream: false, name, options ?? DatasetReadOptions.Default, 0, null, cancellationToken);
    }

    /// <summary>The number of rows in a Parquet file, from its footer (no data is read).</summary>
    public static Task<long> CountRowsAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = DatasetPaths.RequireExisting(path);
        return CountRowsAsync(full, full, cancellationToken);
    }

    /// <summary>Counts rows of a local file, naming it <paramref name="name"/> in errors.</summary>
    internal static async Task<long> CountRowsAsync(string fullPath, string name, CancellationToken cancellationToken)
    {
        await using var stream = DatasetPaths.OpenRead(fullPath);
        await using var reader = await OpenAsync(stream, name, cancellationToken).ConfigureAwait(false);
        return reader.RowGroups.Sum(g => g.RowCount);
    }

    /// <summary>Reads rows <paramref name="skip"/> … <paramref name="skip"/> + <paramref name="take"/> of a file,
    /// skipping whole row groups without decoding them.</summary>
    internal static IAsyncEnumerable<Row> ReadRangeAsync(string path, string name, DatasetReadOptions options, long skip, long? take, CancellationToken cancellationToken)
        => ReadCoreAsync(() => DatasetPaths.OpenRead(path), ownsStream: true, name, options, skip, take, cancellationToken);

    private static async IAsyncEnumerable<Row> ReadCoreAsync(
        Func<Stream> open,
        bool ownsStream,
        string name,
        DatasetReadOptions options,
        long skip,
        long? take,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = open();
        try
        {
            await using var reader = await OpenAsync(stream, name, cancellationToken).ConfigureAwait(false);
            var columns = SelectColumns(reader.Schema, options.Columns, name);
            long rowNumber = 0;
            var remaining = take ?? long.MaxValue;
            for (var g = 0; g < reader.RowGroupCount && remaining > 0; g++)
            {
                var group = reader.OpenRowGroupReader(g);
                var count = group.RowCount;
                if (skip >= count)
                {
                    skip -= count;
                    rowNumber += count;
                    continue;
                }

                var values = new object?[columns.Count][];
                for (var c = 0; c < columns.Count; c++)
                {
                    try
                    {
                        values[c] = await ReadColumnAsync(group, columns[c], checked((int)count), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not (OperationCanceledException or DatasetFormatException))
                    {
                        throw new DatasetFormatException(
                            name, $"row group {g}: cannot read the column ({e.Message}); the file may be corrupt", row: rowNumber + 1, column: columns[c].Name, innerException: e);
                    }
                }

                for (var i = (int)skip; i < count && remaining > 0; i++)
                {
                    var row = new Row(columns.Count);
                    for (var c = 0; c < columns.Count; c++)
                        row[columns[c].Name] = values[c][i];
                    remaining--;
                    yield return row;
                }

                skip = 0;
                rowNumber += count;
            }
        }
        finally
        {
            if (ownsStream)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ParquetReader> OpenAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await ParquetReader.CreateAsync(stream, ParquetLeafValues.ReadOptions, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DatasetFormatException(name, $"not a valid Parquet file, or truncated ({e.Message})", innerException: e);
        }
    }

    private static List<Field> SelectColumns(ParquetSchema schema, IReadOnlyList<string>? wanted, string name)
    {
        var fields = schema.Fields.ToList();
        if (wanted is not null)
        {
            var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
            fields = [];
            foreach (var column in wanted)
            {
                if (!byName.TryGetValue(column, out var field))
                    throw new DatasetFormatException(name, $"the file has no column '{column}' (columns: {Row.DescribeColumns(byName.Keys)})", column: column);
                fields.Add(field);
            }
        }

        return fields;
    }

    private static async ValueTask<object?[]> ReadColumnAsync(ParquetRowGroupReader group, Field field, int count, CancellationToken cancellationToken)
        => field switch
        {
            // Fast paths for the common shapes; the rest (structs, maps, lists of anything else, binary) are assembled.
            ListField { Item: DataField item } list when IsTextOrInteger(item) => await ReadListAsync(group, item, list.MaxDefinitionLevel - 1, count, cancellationToken).ConfigureAwait(false),
            DataField { IsArray: true } array => await ReadListAsync(group, array, array.MaxDefinitionLevel - 1, count, cancellationToken).ConfigureAwait(false),
            DataField data when data.ClrType != typeof(ReadOnlyMemory<byte>) && data.ClrType != typeof(DateTime) => await ReadScalarAsync(group, data, count, cancellationToken).ConfigureAwait(false),
            _ => await ParquetColumnAssembler.ReadAsync(group, field, count, cancellationToken).ConfigureAwait(false),
        };

    private static bool IsTextOrInteger(DataField item)
        => item.ClrType == typeof(ReadOnlyMemory<char>) || item.ClrType == typeof(string) || item.ClrType == typeof(long) || item.ClrType == typeof(int)
            || item.ClrType == typeof(short) || item.ClrType == typeof(sbyte) || item.ClrType == typeof(byte) || item.ClrType == typeof(ushort) || item.ClrType == typeof(uint);

    private static async ValueTask<object?[]> ReadScalarAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        if (type == typeof(ReadOnlyMemory<char>) || type == typeof(string))
        {
            var strings = new string?[count];
            await group.ReadAsync(field, strings.AsMemory()!, null, cancellationToken).ConfigureAwait(false);
            return strings;
        }

        if (type == typeof(byte[]))
        {
            var bytes = new byte[]?[count];
            await group.ReadAsync(field, bytes.AsMemory()!, null, cancellationToken).ConfigureAwait(false);
            return Array.ConvertAll(bytes, b => (object?)(b is null ? null : Convert.ToBase64String(b)));
        }

        return type switch
        {
            _ when type == typeof(long) => await ReadNullableAsync<long>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(int) => await ReadNullableAsync<int>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(double) => await ReadNullableAsync<double>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(bool) => await ReadNullableAsync<bool>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(float) => await ReadNullableAsync<float>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(short) => await ReadNullableAsync<short>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(byte) => await ReadNullableAsync<byte>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(sbyte) => await ReadNullableAsync<sbyte>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(ushort) => await ReadNullableAsync<ushort>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(uint) => await ReadNullableAsync<uint>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(ulong) => await ReadNullableAsync<ulong>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(decimal) => await ReadNullableAsync<decimal>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await ReadNullableAsync<DateTime>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateTimeOffset) => await ReadNullableAsync<DateTimeOffset>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await ReadNullableAsync<DateOnly>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(TimeOnly) => await ReadNullableAsync<TimeOnly>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(TimeSpan) => await ReadNullableAsync<TimeSpan>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(Guid) => await ReadNullableAsync<Guid>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(Half) => await ReadNullableAsync<Half>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"values of type {type.Name} are not supported"),
        };
    }

    private static async ValueTask<object?[]> ReadNullableAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[count];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        var result = new object?[count];
        for (var i = 0; i < count; i++)
        {
            if (values[i] is { } value)
                result[i] = RowValues.TryNormalize(value, out var normalized) ? normalized : value.ToString();
        }

        return result;
    }

    /// <summary>Rebuilds list values from definition/repetition levels. <paramref name="emptyLevel"/> is the
    /// definition level of a present but empty list; below it the list is null. Lists of strings give
    /// <c>string?[]</c>, lists of integers <c>long?[]</c>, other lists their JSON text.</summary>
    private static async ValueTask<object?[]> ReadListAsync(ParquetRowGroupReader group, DataField item, int emptyLevel, int count, CancellationToken cancellationToken)
    {
        using var raw = await group.ReadRawColumnDataBaseAsync(item, cancellationToken).ConfigureAwait(false);
        return raw switch
        {
            RawColumnData<ReadOnlyMemory<char>> strings => Assemble(raw, item, emptyLevel, count, Map(strings.Values, v => (string?)v.ToString()), list => list.ToArray()),
            RawColumnData<long> longs => Assemble(raw, item, emptyLevel, count, Map(longs.Values, v => (long?)v), list => list.ToArray()),
            RawColumnData<int> ints => Assemble(raw, item, emptyLevel, count, Map(ints.Values, v => (long?)v), list => list.ToArray()),
            RawColumnData<short> shorts => Assemble(raw, item, emptyLevel, count, Map(shorts.Values, v => (long?)v), list => list.ToArray()),
            RawColumnData<sbyte> sbytes => Assemble(raw, item, emptyLevel, count, Map(sbytes.Values, v => (long?)v), list => list.ToArray()),
            RawColumnData<byte> bytes => Assemble(raw, item, emptyLevel, count, Map(bytes.Values, v => (long?)v), list => list.ToArray()),
            RawColumnData<ushort> ushorts => Assemble(raw, item, emptyLevel, count, Map(ushorts.Values, v => (long?)v), list => list.ToArray()),
            RawColumnData<uint> uints => Assemble(raw, item, emptyLevel, count, Map(uints.Values, v => (long?)v), list => list.ToArray()),
            _ => Assemble(raw, item, emptyLevel, count, ItemTexts(raw, item), list => "[" + string.Join(",", list.Select(v => v ?? "null")) + "]"),
        };
    }

    private static object?[] Assemble<T>(RawColumnData raw, DataField item, int emptyLevel, int count, T?[] items, Func<List<T?>, object> close)
    {
        var definitions = raw.DefinitionLevels;
        var repetitions = raw.RepetitionLevels;
        var maxDefinition = item.MaxDefinitionLevel;
        var result = new object?[count];
        var row = -1;
        var cursor = 0;
        List<T?>? current = null;
        for (var i = 0; i < definitions.Length; i++)
        {
            if (repetitions.Length == 0 || repetitions[i] == 0)
            {
                Close(row, current);
                row++;
                current = definitions[i] < emptyLevel ? null : [];
            }

            var level = definitions[i];
            if (level == maxDefinition)
                current?.Add(items[cursor++]);
            else if (level > emptyLevel)
                current?.Add(default);
        }

        Close(row, current);
        return result;

        void Close(int row, List<T?>? list)
        {
            if (row >= 0 && row < result.Length)
                result[row] = list is null ? null : close(list);
        }
    }

    private static TOut[] Map<TIn, TOut>(Span<TIn> values, Func<TIn, TOut> convert)
    {
        var converted = new TOut[values.Length];
        for (var i = 0; i < values.Length; i++)
            converted[i] = convert(values[i]);
        return converted;
    }

    /// <summary>The present item values of a list that is neither strings nor integers, as JSON literals.</summary>
    private static string?[] ItemTexts(RawColumnData raw, DataField item)
    {
        switch (raw)
        {
            case RawColumnData<double> doubles:
                return Texts(doubles.Values, v => JsonSerializer.Serialize(v));
            case RawColumnData<float> floats:
                return Texts(floats.Values, v => JsonSerializer.Serialize((double)v));
            case RawColumnData<bool> booleans:
                return Texts(booleans.Values, v => v ? "true" : "false");
            default:
                throw new NotSupportedException($"lists of {item.ClrType.Name} are not supported");
        }
    }

    private static string?[] Texts<T>(Span<T> values, Func<T, string> format)
    {
        var texts = new string?[values.Length];
        for (var i = 0; i < values.Length; i++)
            texts[i] = format(values[i]);
        return texts;
    }
}

using System.Globalization;
using System.Text.Json;

namespace Distilabel.Data;

/// <summary>Normalises row values to the row model's primitives and describes them for error messages.</summary>
internal static class RowValues
{
    /// <summary>
    /// Maps a value to the row model: null, string, long, double, bool, decimal, IReadOnlyList&lt;string&gt; (null
    /// elements allowed), IReadOnlyList&lt;long?&gt;, and the nested values of Hub datasets: a struct as a
    /// <see cref="Row"/> (any IReadOnlyDictionary&lt;string, object?&gt;) and any other list as <c>object?[]</c>, their
    /// members normalised the same way. Other integer/float types widen; dates become ISO 8601 text; binary becomes
    /// base64 text; Guid and enums become text; any sequence of int, long, int? or long? becomes IReadOnlyList&lt;long?&gt;.
    /// </summary>
    public static bool TryNormalize(object? value, out object? normalized)
    {
        normalized = value switch
        {
            null or DBNull => null,
            string s => s,
            long l => l,
            double d => d,
            bool b => b,
            int i => (long)i,
            short s => (long)s,
            byte b => (long)b,
            sbyte b => (long)b,
            ushort s => (long)s,
            uint u => (long)u,
            ulong u when u <= long.MaxValue => (long)u,
            ulong u => (double)u,
            float f => (double)f,
            decimal m => m,
            Half h => (double)h,
            char c => c.ToString(),
            ReadOnlyMemory<char> m => m.ToString(),
            Memory<char> m => m.ToString(),
            byte[] bytes => Convert.ToBase64String(bytes),
            ReadOnlyMemory<byte> bytes => Convert.ToBase64String(bytes.Span),
            IReadOnlyList<string> list => list,
            IReadOnlyList<long?> list => list,
            IReadOnlyDictionary<string, object?> members => NormalizeStruct(members),
            IEnumerable<string> list => list.ToArray(),
            IEnumerable<long?> list => list.ToArray(),
            IEnumerable<long> list => list.Select(v => (long?)v).ToArray(),
            IEnumerable<int?> list => list.Select(v => (long?)v).ToArray(),
            IEnumerable<int> list => list.Select(v => (long?)v).ToArray(),
            DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
            TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
            Guid g => g.ToString(),
            Enum e => e.ToString(),
            System.Collections.IEnumerable items => NormalizeList(items),
            _ => Unsupported.Instance,
        };
        if (ReferenceEquals(normalized, Unsupported.Instance))
        {
            normalized = null;
            return false;
        }

        return true;
    }

    /// <summary>Whether a normalised value is nested: a struct or a list that is neither strings nor integers.</summary>
    public static bool IsNested(object? normalized) => normalized is IReadOnlyDictionary<string, object?> || normalized?.GetType() == typeof(object[]);

    private static object NormalizeStruct(IReadOnlyDictionary<string, object?> members)
    {
        var row = new Row(members.Count);
        foreach (var (name, value) in members)
        {
            if (!TryNormalize(value, out var normalized))
                return Unsupported.Instance;
            row[name] = normalized;
        }

        return row;
    }

    private static object NormalizeList(System.Collections.IEnumerable items)
    {
        var list = new List<object?>();
        foreach (var item in items)
        {
            if (!TryNormalize(item, out var normalized))
                return Unsupported.Instance;
            list.Add(normalized);
        }

        return list.ToArray();
    }

    /// <summary>Normalises or throws an <see cref="ArgumentException"/> naming the column and the type.</summary>
    public static object? Normalize(object? value, string column, long rowNumber)
        => TryNormalize(value, out var normalized)
            ? normalized
            : throw new ArgumentException(
                $"Row {rowNumber}, column '{column}': unsupported value type {TypeName(value!.GetType())}; rows hold string, long, double, bool, null, "
                + "decimal, a list, or a struct (a dictionary of such values).");

    /// <summary>The column type a normalised non-null value calls for.</summary>
    public static DatasetColumnType TypeOf(object normalized) => normalized switch
    {
        string => DatasetColumnType.String,
        long => DatasetColumnType.Int64,
        double => DatasetColumnType.Double,
        bool => DatasetColumnType.Boolean,
        IReadOnlyList<string> => DatasetColumnType.StringList,
        IReadOnlyList<long?> => DatasetColumnType.Int64List,
        decimal => DatasetColumnType.Decimal,
        IReadOnlyDictionary<string, object?> or object?[] => DatasetColumnType.Nested,
        _ => throw new ArgumentOutOfRangeException(nameof(normalized), normalized.GetType().Name, "Not a normalised row value."),
    };

    /// <summary>Whether a column type is a list type.</summary>
    public static bool IsList(DatasetColumnType type) => type is DatasetColumnType.StringList or DatasetColumnType.Int64List;

    /// <summary>Whether a normalised value is a list without a single non-null element (empty or all null): such a
    /// list says nothing about its element type and fits any list column.</summary>
    public static bool IsUntypedList(object? normalized) => normalized switch
    {
        IReadOnlyList<string> list => list.All(item => item is null),
        IReadOnlyList<long?> list => list.All(item => item is null),
        _ => false,
    };

    /// <summary>
    /// Merges the type inferred for a column so far with a new non-null normalised value: equal types stay;
    /// integers and floats give Double; an empty or all-null list fits either list type (the column's type stays
    /// tentative until a list with a value decides it). False when the value does not fit.
    /// </summary>
    public static bool TryMerge(InferredType? known, object normalized, out InferredType merged)
    {
        var type = TypeOf(normalized);
        var untyped = IsUntypedList(normalized);
        if (known is not { } k)
        {
            merged = new InferredType(type, untyped);
            return true;
        }

        if (k.Type == type)
        {
            merged = new InferredType(type, k.Tentative && untyped);
            return true;
        }

        if (IsList(k.Type) && IsList(type) && (untyped || k.Tentative))
        {
            merged = untyped ? k : new InferredType(type, false);
            return true;
        }

        if ((k.Type, type) is (DatasetColumnType.Int64, DatasetColumnType.Double) or (DatasetColumnType.Double, DatasetColumnType.Int64))
        {
            merged = new InferredType(DatasetColumnType.Double, false);
            return true;
        }

        merged = default;
        return false;
    }

    /// <summary>Formats a normalised value as invariant text (for CSV, DataFrame string columns, messages); lists
    /// become JSON arrays.</summary>
    public static string? ToText(object? normalized) => normalized switch
    {
        null => null,
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IReadOnlyList<string> list => ListToJson(list),
        IReadOnlyList<long?> list => ListToJson(list),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> or object?[] => ToJson(normalized),
        _ => Convert.ToString(normalized, CultureInfo.InvariantCulture),
    };

    /// <summary>A short description of a value for messages: (shortened) text and type.</summary>
    public static string Describe(object? value)
    {
        if (value is null)
            return "null";
        var normalizes = TryNormalize(value, out var normalized);
        var text = normalizes ? ToText(normalized) ?? "" : value.ToString() ?? "";
        if (text.Length > 40)
            text = text[..40] + "…";
        if (value is string)
            return $"\"{text}\"";
        return normalized switch
        {
            IReadOnlyList<string> => $"{text} (a list of strings)",
            IReadOnlyList<long?> => $"{text} (a list of integers)",
            IReadOnlyDictionary<string, object?> => $"{text} (a struct)",
            object?[] => $"{text} (a list)",
            _ => $"{text} ({TypeName(value.GetType())})",
        };
    }

    /// <summary>A list of strings (null elements allowed) as a JSON array (used where a format has no list type).</summary>
    public static string ListToJson(IReadOnlyList<string> list) => ToJson(writer =>
    {
        foreach (var item in list)
        {
            if (item is null)
                writer.WriteNullValue();
            else
                writer.WriteStringValue(item);
        }
    });

    /// <summary>A list of nullable integers as a JSON array (used where a format has no list type).</summary>
    public static string ListToJson(IReadOnlyList<long?> list) => ToJson(writer =>
    {
        foreach (var item in list)
        {
            if (item is { } number)
                writer.WriteNumberValue(number);
            else
                writer.WriteNullValue();
        }
    });

    /// <summary>A normalised value as JSON (structs as objects, lists as arrays): how formats without nested types
    /// (CSV, DataFrame string columns) hold nested values.</summary>
    public static string ToJson(object? normalized)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            JsonLinesWriter.WriteValue(writer, normalized);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ToJson(Action<Utf8JsonWriter> writeItems)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            writeItems(writer);
            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A readable type name: <c>List&lt;Double&gt;</c> rather than <c>List`1</c>.</summary>
    private static string TypeName(Type type)
    {
        if (type.IsArray)
            return TypeName(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return TypeName(underlying) + "?";
        if (!type.IsGenericType)
            return type.Name;
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick > 0 ? name[..tick] : name) + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }

    private sealed class Unsupported
    {
        public static readonly Unsupported Instance = new();
    }
}

/// <summary>A column type inferred from the values seen so far. <paramref name="Tentative"/>: a list type decided
/// only by empty or all-null lists, which a list with values of the other type may still change.</summary>
internal readonly record struct InferredType(DatasetColumnType Type, bool Tentative);

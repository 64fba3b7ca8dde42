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
        var cell = Cell.Of(value);
        normalized = cell.Kind switch
        {
            CellKind.Null => null,
            CellKind.Text or CellKind.Formatted => cell.Text,
            CellKind.Integer => value is long ? value : cell.Integer,
            CellKind.Float => value is double ? value : cell.Float,
            CellKind.Boolean => value,
            CellKind.Decimal => value,
            CellKind.Binary => Convert.ToBase64String(cell.Bytes.Span),
            CellKind.TextList => value as IReadOnlyList<string> ?? ((IEnumerable<string>)value!).ToArray(),
            CellKind.IntegerList => value as IReadOnlyList<long?> ?? IntegerList(cell.Items),
            CellKind.Struct => NormalizeStruct(cell.Members),
            CellKind.List => NormalizeList(cell.Items),
            _ => Unsupported.Instance,
        };
        if (ReferenceEquals(normalized, Unsupported.Instance))
        {
            normalized = null;
            return false;
        }

        return true;
    }

    private static long?[] IntegerList(System.Collections.IEnumerable items)
    {
        var list = new List<long?>();
        foreach (var item in items)
            list.Add(item is null ? null : Cell.Of(item).Integer);
        return list.ToArray();
    }

    /// <summary>Whether a normalised value is nested: a struct or a list that is neither strings nor integers.</summary>
    public static bool IsNested(object? normalized) => Cell.Of(normalized).Kind is CellKind.Struct or CellKind.List;

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
    public static DatasetColumnType TypeOf(object normalized) => Cell.Of(normalized).Kind switch
    {
        CellKind.Text => DatasetColumnType.String,
        CellKind.Integer => DatasetColumnType.Int64,
        CellKind.Float => DatasetColumnType.Double,
        CellKind.Boolean => DatasetColumnType.Boolean,
        CellKind.TextList => DatasetColumnType.StringList,
        CellKind.IntegerList => DatasetColumnType.Int64List,
        CellKind.Decimal => DatasetColumnType.Decimal,
        CellKind.Struct or CellKind.List => DatasetColumnType.Nested,
        _ => throw new ArgumentOutOfRangeException(nameof(normalized), normalized.GetType().Name, "Not a normalised row value."),
    };

    /// <summary>Whether a column type is a list type.</summary>
    public static bool IsList(DatasetColumnType type) => type is DatasetColumnType.StringList or DatasetColumnType.Int64List;

    /// <summary>Whether a normalised value is a list without a single non-null element (empty or all null): such a
    /// list says nothing about its element type and fits any list column.</summary>
    public static bool IsUntypedList(object? normalized)
    {
        var cell = Cell.Of(normalized);
        if (cell.Kind is not (CellKind.TextList or CellKind.IntegerList))
            return false;
        foreach (var item in cell.Items)
        {
            if (item is not null)
                return false;
        }

        return true;
    }

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
    public static string? ToText(object? normalized)
    {
        var cell = Cell.Of(normalized);
        return cell.Kind switch
        {
            CellKind.Null => null,
            CellKind.Text or CellKind.Formatted => cell.Text,
            CellKind.Integer => cell.Integer.ToString(CultureInfo.InvariantCulture),
            CellKind.Float => cell.Float.ToString("R", CultureInfo.InvariantCulture),
            CellKind.Boolean => cell.Boolean ? "true" : "false",
            CellKind.Decimal => cell.Decimal.ToString(CultureInfo.InvariantCulture),
            CellKind.TextList or CellKind.IntegerList or CellKind.Struct or CellKind.List => ToJson(normalized),
            _ => Convert.ToString(normalized, CultureInfo.InvariantCulture),
        };
    }

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
        return Cell.Of(normalized).Kind switch
        {
            CellKind.TextList => $"{text} (a list of strings)",
            CellKind.IntegerList => $"{text} (a list of integers)",
            CellKind.Struct => $"{text} (a struct)",
            CellKind.List => $"{text} (a list)",
            _ => $"{text} ({TypeName(value.GetType())})",
        };
    }

    /// <summary>A normalised value as JSON (structs as objects, lists as arrays): how formats without nested types
    /// (CSV, DataFrame string columns) hold nested values.</summary>
    public static string ToJson(object? normalized)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            JsonLinesWriter.WriteValue(writer, normalized);
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

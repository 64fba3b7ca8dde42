using System.Globalization;
using System.Text.Json;

namespace Distilabel.Data;

/// <summary>Normalises row values to the row model's primitives and describes them for error messages.</summary>
internal static class RowValues
{
    /// <summary>
    /// Maps a value to the row model: null, string, long, double, bool or IReadOnlyList&lt;string&gt;.
    /// Other integer/float types widen; dates become ISO 8601 text; Guid and enums become text.
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
            decimal m => (double)m,
            Half h => (double)h,
            char c => c.ToString(),
            ReadOnlyMemory<char> m => m.ToString(),
            Memory<char> m => m.ToString(),
            IReadOnlyList<string> list => list,
            IEnumerable<string> list => list.ToArray(),
            DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
            TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
            Guid g => g.ToString(),
            Enum e => e.ToString(),
            _ => Unsupported.Instance,
        };
        if (ReferenceEquals(normalized, Unsupported.Instance))
        {
            normalized = null;
            return false;
        }

        return true;
    }

    /// <summary>Normalises or throws an <see cref="ArgumentException"/> naming the column and the type.</summary>
    public static object? Normalize(object? value, string column, long rowNumber)
        => TryNormalize(value, out var normalized)
            ? normalized
            : throw new ArgumentException(
                $"Row {rowNumber}, column '{column}': unsupported value type {value!.GetType().Name}; rows hold string, long, double, bool, null or a list of strings.");

    /// <summary>The column type a normalised non-null value calls for.</summary>
    public static DatasetColumnType TypeOf(object normalized) => normalized switch
    {
        string => DatasetColumnType.String,
        long => DatasetColumnType.Int64,
        double => DatasetColumnType.Double,
        bool => DatasetColumnType.Boolean,
        IReadOnlyList<string> => DatasetColumnType.StringList,
        _ => throw new ArgumentOutOfRangeException(nameof(normalized), normalized.GetType().Name, "Not a normalised row value."),
    };

    /// <summary>Formats a normalised scalar as invariant text (for CSV, DataFrame string columns, messages).</summary>
    public static string? ToText(object? normalized) => normalized switch
    {
        null => null,
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IReadOnlyList<string> list => ListToJson(list),
        _ => Convert.ToString(normalized, CultureInfo.InvariantCulture),
    };

    /// <summary>A short description of a value for messages: type and (shortened) text.</summary>
    public static string Describe(object? value)
    {
        if (value is null)
            return "null";
        var text = TryNormalize(value, out var normalized) ? ToText(normalized) ?? "" : value.ToString() ?? "";
        if (text.Length > 40)
            text = text[..40] + "…";
        return value is string ? $"\"{text}\"" : $"{text} ({value.GetType().Name})";
    }

    /// <summary>A list of strings as a JSON array (used where a format has no list type).</summary>
    public static string ListToJson(IReadOnlyList<string> list)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var item in list)
            {
                if (item is null)
                    writer.WriteNullValue();
                else
                    writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class Unsupported
    {
        public static readonly Unsupported Instance = new();
    }
}

using System.ComponentModel;
using System.Globalization;

namespace Distilabel.Tasks.Runtime;

/// <summary>Typed reads of dataset row values, with errors that name the task and column. Used by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskRows
{
    /// <summary>Reads a string input. A required one must be present and non-null; an empty or blank string is a value
    /// (judging an empty response is legitimate), so it is sent to the LLM as it is.</summary>
    public static string? ReadString(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        var value = Read(row, task, column, required);
        if (value is ReadOnlyMemory<char> memory)
            value = memory.ToString();
        return value switch
        {
            null => null,
            string s => s,
            _ => throw WrongType(task, column, "a string", value),
        };
    }

    /// <summary>Reads a 64-bit integer input (also used for 32-bit ones).</summary>
    public static long? ReadInt64(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        var value = Read(row, task, column, required);
        return value switch
        {
            null => null,
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            double d when d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
            string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            _ => throw WrongType(task, column, "an integer", value),
        };
    }

    /// <summary>Reads a 32-bit integer input.</summary>
    public static int? ReadInt32(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        var value = ReadInt64(row, task, column, required);
        return value is null ? null
            : value is >= int.MinValue and <= int.MaxValue ? (int)value
            : throw new TaskInputException(task, column, $"{value} does not fit a 32-bit integer");
    }

    /// <summary>Reads a floating-point input.</summary>
    public static double? ReadDouble(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        var value = Read(row, task, column, required);
        return value switch
        {
            null => null,
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw WrongType(task, column, "a number", value),
        };
    }

    /// <summary>Reads a boolean input.</summary>
    public static bool? ReadBoolean(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        var value = Read(row, task, column, required);
        return value switch
        {
            null => null,
            bool b => b,
            string s when bool.TryParse(s, out var b) => b,
            _ => throw WrongType(task, column, "true or false", value),
        };
    }

    /// <summary>Reads an output that may already be in the row (a labelled dataset); absent or null gives null.</summary>
    public static int? ReadRating(IReadOnlyDictionary<string, object?> row, string task, string column)
        => row.ContainsKey(column) ? ReadInt32(row, task, column, required: false) : null;

    /// <summary>
    /// Reads a rating output that may already be in the row (absent or null gives null), and rejects one outside
    /// <paramref name="min"/>..<paramref name="max"/>: such a value could never come from the task's parser, and
    /// passed on it would become an invalid Argilla suggestion.
    /// </summary>
    public static int? ReadRating(IReadOnlyDictionary<string, object?> row, string task, string column, int min, int max)
    {
        var value = ReadRating(row, task, column);
        return value is null || (value >= min && value <= max)
            ? value
            : throw new TaskInputException(task, column, $"{value} is outside the rating range {min}..{max}");
    }

    /// <summary>Reads a text output that may already be in the row; absent or null gives null.</summary>
    public static string? ReadText(IReadOnlyDictionary<string, object?> row, string task, string column)
        => row.ContainsKey(column) ? ReadString(row, task, column, required: false) : null;

    /// <summary>
    /// Reads a list-of-strings input: a list (JSON array in JSONL, Parquet list column), or text holding a JSON array
    /// (CSV). A required one must be present and non-null (it may be empty). Null items become "".
    /// </summary>
    public static IReadOnlyList<string>? ReadStringList(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        var items = ReadNullableStringList(row, task, column, required);
        return items?.Select(item => item ?? "").ToArray();
    }

    /// <summary>As <see cref="ReadStringList"/>, keeping null items.</summary>
    public static IReadOnlyList<string?>? ReadNullableStringList(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        var value = Read(row, task, column, required);
        if (value is ReadOnlyMemory<char> memory)
            value = memory.ToString();
        return value switch
        {
            null => null,
            IReadOnlyList<string?> list => list,
            IEnumerable<string?> list => list.ToArray(),
            IEnumerable<long?> list => list.Select(item => item?.ToString(CultureInfo.InvariantCulture)).ToArray(),
            IEnumerable<long> list => list.Select(item => (string?)item.ToString(CultureInfo.InvariantCulture)).ToArray(),
            IEnumerable<int?> list => list.Select(item => item?.ToString(CultureInfo.InvariantCulture)).ToArray(),
            string s when TryParseJsonList(s, out var parsed) => parsed,
            _ => throw WrongType(task, column, "a list of strings", value),
        };
    }

    /// <summary>Reads a per-item rating output that may already be in the row (absent or null gives null); a value outside the range is rejected.</summary>
    public static IReadOnlyList<int?>? ReadRatingList(IReadOnlyDictionary<string, object?> row, string task, string column, int min, int max)
    {
        if (!row.TryGetValue(column, out var value) || value is null)
            return null;
        var items = value switch
        {
            IEnumerable<long?> list => list.ToArray(),
            IEnumerable<int?> list => list.Select(item => (long?)item).ToArray(),
            IEnumerable<long> list => list.Select(item => (long?)item).ToArray(),
            IEnumerable<int> list => list.Select(item => (long?)item).ToArray(),
            IEnumerable<string?> list when list.All(item => item is null) => list.Select(_ => (long?)null).ToArray(),
            _ => throw WrongType(task, column, "a list of integers", value),
        };
        var ratings = new int?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is { } rating && (rating < min || rating > max))
                throw new TaskInputException(task, column, $"item {i + 1}: {rating} is outside the rating range {min}..{max}");
            ratings[i] = (int?)items[i];
        }

        return ratings;
    }

    /// <summary>Reads a per-item or list text output that may already be in the row; absent or null gives null.</summary>
    public static IReadOnlyList<string?>? ReadTextList(IReadOnlyDictionary<string, object?> row, string task, string column)
        => row.ContainsKey(column) ? ReadNullableStringList(row, task, column, required: false) : null;

    /// <summary>
    /// The items of a list input as the prompt shows them, one numbered <c>&lt;item index="k"&gt;</c> per line; the
    /// answer refers to the same numbers.
    /// </summary>
    public static string FormatListForPrompt<T>(IReadOnlyList<T>? items)
    {
        if (items is null || items.Count == 0)
            return "";
        var text = new System.Text.StringBuilder("\n");
        for (var i = 0; i < items.Count; i++)
            text.Append("<item index=\"").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("\">").Append(FormatForPrompt(items[i])).Append("</item>\n");
        return text.ToString();
    }

    /// <summary>The items of a list as annotators read them (Argilla): <c>[1] …</c>, one per paragraph.</summary>
    public static string FormatListForReading<T>(IReadOnlyList<T>? items)
    {
        if (items is null)
            return "";
        return string.Join("\n\n", items.Select((item, i) => "[" + (i + 1).ToString(CultureInfo.InvariantCulture) + "] " + FormatForPrompt(item)));
    }

    private static bool TryParseJsonList(string text, out IReadOnlyList<string?> items)
    {
        items = [];
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[')
            return false;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            var list = new List<string?>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                list.Add(element.ValueKind switch
                {
                    System.Text.Json.JsonValueKind.Null => null,
                    System.Text.Json.JsonValueKind.String => element.GetString(),
                    _ => element.GetRawText(),
                });
            }

            items = list;
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Formats an input value for the prompt (invariant culture).</summary>
    public static string FormatForPrompt(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object? Read(IReadOnlyDictionary<string, object?> row, string task, string column, bool required)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!row.TryGetValue(column, out var value))
        {
            if (!required)
                return null;
            var available = string.Join(", ", row.Keys.Take(20));
            throw new TaskInputException(task, column, $"is missing (the row has: {available})");
        }

        if (value is null && required)
            throw new TaskInputException(task, column, "is null");
        return value;
    }

    private static TaskInputException WrongType(string task, string column, string expected, object value)
    {
        var shown = value.ToString() ?? "";
        if (shown.Length > 40)
            shown = shown[..40] + "…";
        return new TaskInputException(task, column, $"expected {expected} but found {value.GetType().Name} '{shown}'");
    }
}

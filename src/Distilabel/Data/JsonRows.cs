using System.Text.Json;

namespace Distilabel.Data;

/// <summary>Maps JSON values to row values: string, long (integral numbers that fit), double (other numbers),
/// bool, null; an array of strings (or nulls) → a list of strings; an array of integers (or nulls) → a list of
/// nullable longs; any other array or object → its JSON text.</summary>
internal static class JsonRows
{
    public static Row FromObject(JsonElement element)
    {
        var row = new Row();
        foreach (var property in element.EnumerateObject())
            row[property.Name] = FromValue(property.Value);
        return row;
    }

    public static object? FromValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var l))
                    return l;
                return value.TryGetDouble(out var d) && double.IsFinite(d) ? d : value.GetRawText();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Array:
                return FromArray(value);
            default:
                return value.GetRawText();
        }
    }

    /// <summary>An array of strings and nulls → a list of strings; of integers (that fit a long) and nulls → a list of
    /// nullable longs; an empty or all-null array → a list of strings (it fits an integer-list column too);
    /// anything else (mixed, floats, booleans, nested) → the array's JSON text.</summary>
    private static object FromArray(JsonElement value)
    {
        var strings = false;
        var integers = false;
        foreach (var item in value.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.Null:
                    break;
                case JsonValueKind.String:
                    strings = true;
                    break;
                case JsonValueKind.Number when item.TryGetInt64(out _):
                    integers = true;
                    break;
                default:
                    return value.GetRawText();
            }

            if (strings && integers)
                return value.GetRawText();
        }

        var length = value.GetArrayLength();
        var i = 0;
        if (integers)
        {
            var numbers = new long?[length];
            foreach (var item in value.EnumerateArray())
                numbers[i++] = item.ValueKind == JsonValueKind.Null ? null : item.GetInt64();
            return numbers;
        }

        var texts = new string?[length];
        foreach (var item in value.EnumerateArray())
            texts[i++] = item.GetString();
        return texts;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>The message of a <see cref="JsonException"/> without its trailing position details.</summary>
    public static string Problem(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') : message;
    }
}

using System.Text.Json;

namespace Distilabel.Data;

/// <summary>Maps JSON values to row values: string, long (integral numbers that fit), double (other numbers),
/// bool, null; an array of strings → a list of strings; any other array or object → its JSON text.</summary>
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
                var strings = new string[value.GetArrayLength()];
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                        return value.GetRawText();
                    strings[i++] = item.GetString()!;
                }

                return strings;
            default:
                return value.GetRawText();
        }
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

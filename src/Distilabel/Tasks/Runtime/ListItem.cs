using System.Globalization;
using System.Text.Json;

namespace Distilabel.Tasks.Runtime;

/// <summary>
/// One <c>&lt;item index="k"&gt;…&lt;/item&gt;</c> of a list output (or one element of a JSON array answer).
/// <see cref="Index"/> is null when the item carries none.
/// </summary>
internal readonly record struct ListItem(int? Index, string? Value)
{
    private const string ItemTag = "item";

    /// <summary>
    /// The items of an output block, in order. Tag and attribute names match case-insensitively, whitespace is allowed
    /// around them and the index may be quoted with " or ' or not at all. An item without its closing tag is dropped.
    /// </summary>
    public static List<ListItem> FromTags(string block)
    {
        var items = new List<ListItem>();
        var position = 0;
        while (position < block.Length)
        {
            var open = block.IndexOf('<', position);
            if (open < 0)
                break;
            if (!TryReadItemOpening(block, open, out var index, out var contentStart))
            {
                position = open + 1;
                continue;
            }

            var close = FindItemClosing(block, contentStart, out var afterClose);
            if (close < 0)
                break;
            items.Add(new ListItem(index, block[contentStart..close]));
            position = afterClose;
        }

        return items;
    }

    /// <summary>The elements of a JSON array (strings and numbers; anything else has no value), indexed by position.</summary>
    public static List<ListItem> FromJsonArray(string json)
    {
        var items = new List<ListItem>();
        try
        {
            using var document = JsonDocument.Parse(json);
            var position = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                position++;
                var value = element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.Number => element.GetRawText(),
                    _ => null,
                };
                items.Add(new ListItem(position, value));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            items.Clear();
        }

        return items;
    }

    /// <summary>Reads <c>&lt; item [index = "k"] &gt;</c> at <paramref name="start"/>.</summary>
    private static bool TryReadItemOpening(string text, int start, out int? index, out int end)
    {
        index = null;
        end = start;
        var i = TaggedAnswer.SkipSpaces(text, start + 1);
        if (!Matches(text, i, ItemTag))
            return false;
        i += ItemTag.Length;
        if (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-'))
            return false;
        i = TaggedAnswer.SkipSpaces(text, i);
        if (Matches(text, i, "index"))
        {
            i = TaggedAnswer.SkipSpaces(text, i + "index".Length);
            if (i >= text.Length || text[i] != '=')
                return false;
            i = TaggedAnswer.SkipSpaces(text, i + 1);
            var quote = i < text.Length && text[i] is '"' or '\'' ? text[i] : '\0';
            if (quote != '\0')
                i++;
            var digits = i;
            while (i < text.Length && i - digits < 9 && char.IsAsciiDigit(text[i]))
                i++;
            if (i == digits)
                return false;
            index = int.Parse(text.AsSpan(digits, i - digits), NumberStyles.None, CultureInfo.InvariantCulture);
            if (quote != '\0')
            {
                if (i >= text.Length || text[i] != quote)
                    return false;
                i++;
            }

            i = TaggedAnswer.SkipSpaces(text, i);
        }

        if (i >= text.Length || text[i] != '>')
            return false;
        end = i + 1;
        return true;
    }

    private static int FindItemClosing(string text, int from, out int afterClose)
    {
        var position = from;
        while (position < text.Length)
        {
            var open = text.IndexOf("</", position, StringComparison.Ordinal);
            if (open < 0)
                break;
            if (TaggedAnswer.TryReadTag(text, open, out var name, out var closing, out var end) && closing
                && text.AsSpan(name).Equals(ItemTag, StringComparison.OrdinalIgnoreCase))
            {
                afterClose = end;
                return open;
            }

            position = open + 2;
        }

        afterClose = -1;
        return -1;
    }

    private static bool Matches(string text, int at, string word)
        => at + word.Length <= text.Length && text.AsSpan(at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);
}

using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Distilabel.Tasks.Runtime;

/// <summary>
/// Reads <c>&lt;name&gt;value&lt;/name&gt;</c> answers out of an LLM's text. Used by generated code.
/// </summary>
/// <remarks>
/// One linear scan, no regex over the whole text. Tag names match case-insensitively and may carry
/// whitespace (<c>&lt; Correctness &gt;</c>); prose and code fences around the answer are ignored.
/// Text the model echoes from the inputs can never supply an answer: verbatim copies of input values
/// that contain markup are removed first, and anything inside an input's own tags is skipped.
/// An output that appears zero times, or more than once, has no value. As a fallback, a JSON object
/// answer (structured outputs) is read when the text holds no answer tags at all.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TaggedAnswer
{
    private readonly string?[] _values;

    // Outputs read from a JSON array (structured outputs): their value is the array's JSON text.
    private readonly bool[] _jsonArrays;

    private TaggedAnswer(string?[] values, bool[] jsonArrays)
    {
        _values = values;
        _jsonArrays = jsonArrays;
    }

    /// <summary>Parses <paramref name="output"/> for the given output tags.</summary>
    /// <param name="output">The LLM's answer.</param>
    /// <param name="outputNames">Output tag names, in the order later used with <see cref="Text"/> and <see cref="Rating"/>.</param>
    /// <param name="inputNames">Input tag names: their content is echoed input, never an answer.</param>
    /// <param name="inputValues">The input values the model may echo.</param>
    public static TaggedAnswer Parse(string? output, string[] outputNames, string[] inputNames, string?[] inputValues)
    {
        var values = new string?[outputNames.Length];
        var jsonArrays = new bool[outputNames.Length];
        if (string.IsNullOrEmpty(output))
            return new TaggedAnswer(values, jsonArrays);

        var text = RemoveEchoedInputs(output, inputValues);
        var counts = new int[outputNames.Length];
        var anyTag = ScanTags(text, outputNames, inputNames, values, counts);
        for (var i = 0; i < values.Length; i++)
        {
            if (counts[i] != 1)
                values[i] = null;
        }

        // Outputs sharing a tag (each under its own condition) read the same value; the scan fills only the first.
        for (var i = 1; i < outputNames.Length; i++)
        {
            var first = Array.FindIndex(outputNames, 0, i, name => string.Equals(name, outputNames[i], StringComparison.OrdinalIgnoreCase));
            if (first >= 0)
                values[i] = values[first];
        }

        if (!anyTag)
            ReadJsonObject(text, outputNames, values, jsonArrays);
        return new TaggedAnswer(values, jsonArrays);
    }

    /// <summary>
    /// Parses <paramref name="output"/> with the task's trained-format reader first (<see cref="AnswerReaderAttribute"/>);
    /// when it does not recognise the answer (null, or it throws), as tags, then as a JSON object.
    /// </summary>
    public static TaggedAnswer Parse(string? output, string[] outputNames, string[] inputNames, string?[] inputValues, Func<string, AnswerValues?> trainedReader)
    {
        ArgumentNullException.ThrowIfNull(trainedReader);
        AnswerValues? trained = null;
        if (!string.IsNullOrEmpty(output))
        {
            try
            {
                trained = trainedReader(output);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A reader bug must not lose the row: the answer is read as tags or JSON instead.
                trained = null;
            }
        }

        return trained is null ? Parse(output, outputNames, inputNames, inputValues) : FromValues(trained, outputNames);
    }

    private static TaggedAnswer FromValues(AnswerValues trained, string[] outputNames)
    {
        var values = new string?[outputNames.Length];
        var jsonArrays = new bool[outputNames.Length];
        for (var i = 0; i < outputNames.Length; i++)
        {
            if (trained.TryGetItems(outputNames[i], out var items))
            {
                // Items travel as a JSON array, the form structured outputs already use: position i is item i.
                values[i] = JsonSerializer.Serialize(items);
                jsonArrays[i] = true;
            }
            else if (trained.TryGetValue(outputNames[i], out var value))
            {
                values[i] = value;
            }
        }

        return new TaggedAnswer(values, jsonArrays);
    }

    /// <summary>The trimmed text of output <paramref name="index"/>, or null when missing or ambiguous.</summary>
    public string? Text(int index) => _values[index]?.Trim();

    /// <summary>The integer of output <paramref name="index"/> when it is within [min, max]; otherwise null.</summary>
    public int? Rating(int index, int min, int max) => ParseRating(_values[index], min, max);

    /// <summary>
    /// One rating per item of a list input of <paramref name="count"/> items, read from the output's
    /// <c>&lt;item index="k"&gt;</c> blocks: always <paramref name="count"/> values, null where the answer has none.
    /// </summary>
    public IReadOnlyList<int?> RatingItems(int index, int count, int min, int max)
    {
        var items = AlignedItems(index, count);
        var ratings = new int?[count];
        for (var i = 0; i < count; i++)
            ratings[i] = ParseRating(items[i], min, max);
        return ratings;
    }

    /// <summary>One text per item of a list input of <paramref name="count"/> items (trimmed; null where the answer has none, or it is blank).</summary>
    public IReadOnlyList<string?> TextItems(int index, int count)
    {
        var items = AlignedItems(index, count);
        for (var i = 0; i < count; i++)
            items[i] = string.IsNullOrWhiteSpace(items[i]) ? null : items[i]!.Trim();
        return items;
    }

    /// <summary>The non-blank items of a list output, trimmed, in the answer's order (empty when it has none).</summary>
    public IReadOnlyList<string> TextList(int index)
    {
        var list = new List<string>();
        foreach (var item in Items(index))
        {
            if (!string.IsNullOrWhiteSpace(item.Value))
                list.Add(item.Value.Trim());
        }

        return list;
    }

    /// <summary>
    /// The items of output <paramref name="index"/> placed by their index (1-based): an index outside 1..count is ignored,
    /// an index given twice has no value. When no item carries an index, items are taken in order.
    /// </summary>
    private string?[] AlignedItems(int index, int count)
    {
        var aligned = new string?[count];
        var items = Items(index);
        var indexed = items.Exists(item => item.Index is not null);
        var seen = new int[count];
        for (var position = 0; position < items.Count; position++)
        {
            var slot = indexed ? items[position].Index - 1 : position;
            if (slot is not { } s || s < 0 || s >= count)
                continue;
            seen[s]++;
            aligned[s] = seen[s] == 1 ? items[position].Value : null;
        }

        return aligned;
    }

    private List<ListItem> Items(int index)
    {
        var block = _values[index];
        if (block is null)
            return [];
        return _jsonArrays[index] ? ListItem.FromJsonArray(block) : ListItem.FromTags(block);
    }

    private static int? ParseRating(string? text, int min, int max)
    {
        var raw = text.AsSpan().Trim();
        if (raw.IsEmpty || raw.Length > 11)
            return null;
        foreach (var c in raw[(raw[0] == '-' ? 1 : 0)..])
        {
            if (c is < '0' or > '9')
                return null;
        }

        return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : null;
    }

    private static string RemoveEchoedInputs(string output, string?[] inputValues)
    {
        foreach (var value in inputValues)
        {
            // Only values holding markup can fake an answer tag; short plain values (e.g. "4") must stay.
            if (!string.IsNullOrEmpty(value) && value.Contains('<') && output.Contains(value, StringComparison.Ordinal))
                output = output.Replace(value, " ", StringComparison.Ordinal);
        }

        return output;
    }

    /// <returns>Whether any output tag was seen.</returns>
    private static bool ScanTags(string text, string[] outputNames, string[] inputNames, string?[] values, int[] counts)
    {
        var anyTag = false;
        // Once a closing tag is known to be absent after some position, it is absent after any later one:
        // remembering that keeps adversarial inputs (thousands of unclosed tags) linear.
        var outputUnclosed = new bool[outputNames.Length];
        var inputUnclosed = new bool[inputNames.Length];
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('<', position);
            if (open < 0)
                break;
            if (!TryReadTag(text, open, out var name, out var closing, out var tagEnd) || closing)
            {
                position = open + 1;
                continue;
            }

            var input = IndexOf(inputNames, text, name);
            if (input >= 0)
            {
                var afterClose = -1;
                var close = inputUnclosed[input] ? -1 : FindClosingTag(text, tagEnd, inputNames[input], out afterClose);
                if (close < 0)
                {
                    inputUnclosed[input] = true;
                    position = tagEnd;
                }
                else
                {
                    position = afterClose;
                }

                continue;
            }

            var output = IndexOf(outputNames, text, name);
            if (output >= 0)
            {
                anyTag = true;
                counts[output]++;
                var afterClose = -1;
                var close = outputUnclosed[output] ? -1 : FindClosingTag(text, tagEnd, outputNames[output], out afterClose);
                if (close < 0)
                {
                    outputUnclosed[output] = true;
                    values[output] = null;
                    position = tagEnd;
                }
                else
                {
                    values[output] = text[tagEnd..close];
                    position = afterClose;
                }

                continue;
            }

            position = tagEnd;
        }

        return anyTag;
    }

    private static int IndexOf(string[] names, string text, Range name)
    {
        var span = text.AsSpan(name);
        for (var i = 0; i < names.Length; i++)
        {
            if (span.Equals(names[i], StringComparison.OrdinalIgnoreCase))
                return i;
        }

        return -1;
    }

    /// <returns>The index of the closing tag's '&lt;', or -1.</returns>
    private static int FindClosingTag(string text, int from, string name, out int afterClose)
    {
        var position = from;
        while (position < text.Length)
        {
            var open = text.IndexOf("</", position, StringComparison.Ordinal);
            if (open < 0)
                break;
            if (TryReadTag(text, open, out var found, out var closing, out var end) && closing
                && text.AsSpan(found).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                afterClose = end;
                return open;
            }

            position = open + 2;
        }

        afterClose = -1;
        return -1;
    }

    /// <summary>Reads <c>&lt; /? name &gt;</c> at <paramref name="start"/> (whitespace allowed around the name).</summary>
    internal static bool TryReadTag(string text, int start, out Range name, out bool closing, out int end)
    {
        name = default;
        closing = false;
        end = start;
        var i = start + 1;
        i = SkipSpaces(text, i);
        if (i < text.Length && text[i] == '/')
        {
            closing = true;
            i = SkipSpaces(text, i + 1);
        }

        var nameStart = i;
        while (i < text.Length && i - nameStart <= 64 && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-'))
            i++;
        if (i == nameStart)
            return false;
        name = nameStart..i;
        i = SkipSpaces(text, i);
        if (i >= text.Length || text[i] != '>')
            return false;
        end = i + 1;
        return true;
    }

    internal static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
            i++;
        return i;
    }

    private static void ReadJsonObject(string text, string[] outputNames, string?[] values, bool[] jsonArrays)
    {
        var start = text.IndexOf('{');
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
            return;
        try
        {
            using var document = JsonDocument.Parse(text.AsMemory(start, end - start + 1));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return;
            for (var i = 0; i < outputNames.Length; i++)
            {
                var matches = 0;
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!property.Name.Equals(outputNames[i], StringComparison.OrdinalIgnoreCase))
                        continue;
                    matches++;
                    jsonArrays[i] = property.Value.ValueKind == JsonValueKind.Array;
                    values[i] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number or JsonValueKind.Array => property.Value.GetRawText(),
                        _ => null,
                    };
                }

                if (matches != 1)
                    values[i] = null;
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // Not JSON either (ArgumentException: invalid UTF-16, such as a lone surrogate): every output stays null.
            Array.Clear(values);
            Array.Clear(jsonArrays);
        }
    }
}

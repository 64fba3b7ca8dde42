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

    private TaggedAnswer(string?[] values) => _values = values;

    /// <summary>Parses <paramref name="output"/> for the given output tags.</summary>
    /// <param name="output">The LLM's answer.</param>
    /// <param name="outputNames">Output tag names, in the order later used with <see cref="Text"/> and <see cref="Rating"/>.</param>
    /// <param name="inputNames">Input tag names: their content is echoed input, never an answer.</param>
    /// <param name="inputValues">The input values the model may echo.</param>
    public static TaggedAnswer Parse(string? output, string[] outputNames, string[] inputNames, string?[] inputValues)
    {
        var values = new string?[outputNames.Length];
        if (string.IsNullOrEmpty(output))
            return new TaggedAnswer(values);

        var text = RemoveEchoedInputs(output, inputValues);
        var counts = new int[outputNames.Length];
        var anyTag = ScanTags(text, outputNames, inputNames, values, counts);
        for (var i = 0; i < values.Length; i++)
        {
            if (counts[i] != 1)
                values[i] = null;
        }

        if (!anyTag)
            ReadJsonObject(text, outputNames, values);
        return new TaggedAnswer(values);
    }

    /// <summary>The trimmed text of output <paramref name="index"/>, or null when missing or ambiguous.</summary>
    public string? Text(int index) => _values[index]?.Trim();

    /// <summary>The integer of output <paramref name="index"/> when it is within [min, max]; otherwise null.</summary>
    public int? Rating(int index, int min, int max)
    {
        var raw = _values[index].AsSpan().Trim();
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
    private static bool TryReadTag(string text, int start, out Range name, out bool closing, out int end)
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

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
            i++;
        return i;
    }

    private static void ReadJsonObject(string text, string[] outputNames, string?[] values)
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
                    values[i] = property.Value.ValueKind switch
                    {
                        JsonValueKind.Number or JsonValueKind.String => property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()
                            : property.Value.GetRawText(),
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
        }
    }
}

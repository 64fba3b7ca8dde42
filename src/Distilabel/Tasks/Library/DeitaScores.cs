using System.Globalization;
using System.Text;
using Distilabel.Argilla;
using Distilabel.Tasks.Runtime;

namespace Distilabel.Tasks.Library;

/// <summary>
/// What Deita's two scorers (<see cref="QualityScorer"/>, <see cref="ComplexityScorer"/>) share: the answer format the
/// scorer models were trained on (one <c>[i] Score: s</c> line per item), its scale (1 to N+1 for N items), its parser,
/// its grammar and its JSON schema.
/// </summary>
/// <remarks>
/// The parser reads the trained lines first, placing each score by the index in its brackets, so a preamble, a missing
/// line or an extra line never shifts the scores; an index given twice with different scores, a score that is not an
/// integer (<c>high</c>, <c>4.5</c>) or one outside the scale is null for that item only. Only when the answer has no
/// such line at all does it read tags (<c>&lt;scores&gt;&lt;item index="1"&gt;3&lt;/item&gt;…</c>) or a JSON object
/// (<c>{"scores": [3, 2]}</c>, structured outputs). It never throws.
/// </remarks>
internal static class DeitaScores
{
    /// <summary>The output column.</summary>
    public const string Column = "scores";

    /// <summary>Argilla settings cannot vary per record: the first items get a question each, on the scale of four items.</summary>
    public const int ArgillaItems = 4;

    /// <summary>The answer format, for <paramref name="count"/> items, as the prompt shows it.</summary>
    public static string AnswerFormat(int count)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= Math.Max(count, 1); i++)
            text.Append('[').Append(Format(i)).Append("] Score: <score>\n");
        return text.ToString();
    }

    /// <summary>The items numbered as the scorers read them: <c>[i] text</c>, one per line.</summary>
    public static string NumberedItems(IReadOnlyList<string>? items)
    {
        var text = new StringBuilder();
        for (var i = 0; i < (items?.Count ?? 0); i++)
            text.Append('[').Append(Format(i + 1)).Append("] ").Append(items![i]).Append('\n');
        return text.ToString();
    }

    /// <summary>The highest score for <paramref name="count"/> items: N+1, kept for an item that needs no improvement.</summary>
    public static int MaxScore(int count) => count + 1;

    /// <summary>One score per item (always <paramref name="count"/> values; null where the answer has no valid score).</summary>
    /// <param name="output">The answer.</param>
    /// <param name="count">The number of items scored.</param>
    /// <param name="inputs">The input texts: a verbatim copy of one in the answer is ignored (a response may itself hold score lines).</param>
    /// <param name="inputTags">Input tag names, for the tag fallback.</param>
    public static IReadOnlyList<int?> Parse(string? output, int count, IEnumerable<string?> inputs, string[] inputTags)
    {
        var scores = new int?[count];
        if (string.IsNullOrEmpty(output) || count == 0)
            return scores;
        foreach (var input in inputs)
        {
            if (!string.IsNullOrEmpty(input) && input.Contains('[', StringComparison.Ordinal) && output.Contains(input, StringComparison.Ordinal))
                output = output.Replace(input, " ", StringComparison.Ordinal);
        }

        var max = MaxScore(count);
        var seen = new bool[count];
        var conflicting = new bool[count];
        var anyLine = false;
        foreach (var line in output.Split('\n'))
        {
            if (!TryReadLine(line, out var index, out var score))
                continue;
            anyLine = true;
            if (index < 1 || index > count)
                continue;
            var value = score is { } s && s >= 1 && s <= max ? s : (int?)null;
            var slot = index - 1;
            if (seen[slot] && scores[slot] != value)
                conflicting[slot] = true;
            seen[slot] = true;
            scores[slot] = conflicting[slot] ? null : value;
        }

        if (anyLine)
            return scores;
        return TaggedAnswer.Parse(output, [Column], inputTags, [.. inputs]).RatingItems(0, count, 1, max);
    }

    /// <summary>
    /// Reads <c>[i] Score: s</c> (also <c>[Response i] Score: s</c>, Deita's first format), case-insensitive, with
    /// optional spaces and markdown emphasis. <paramref name="score"/> is null when the text after the colon is not an
    /// integer.
    /// </summary>
    internal static bool TryReadLine(string line, out int index, out int? score)
    {
        index = 0;
        score = null;
        var text = line.Trim().Trim('*', '-', ' ', '\t', '\r');
        if (text.Length < 4 || text[0] != '[')
            return false;
        var close = text.IndexOf(']', StringComparison.Ordinal);
        if (close < 0)
            return false;
        var label = text.AsSpan(1, close - 1).Trim();
        foreach (var prefix in new[] { "response", "question", "instruction" })
        {
            if (label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                label = label[prefix.Length..].Trim();
                break;
            }
        }

        if (label.IsEmpty || label.Length > 6 || !int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out index))
            return false;
        var rest = text.AsSpan(close + 1).TrimStart(" *\t");
        if (!rest.StartsWith("score", StringComparison.OrdinalIgnoreCase))
            return false;
        rest = rest["score".Length..].TrimStart(" *\t");
        if (rest.IsEmpty || rest[0] != ':')
            return false;
        score = ReadScore(rest[1..].Trim(" *\t\r"));
        return true;
    }

    /// <summary>An integer (<c>4</c>, <c>4.0</c>, <c>4/6</c>, <c>4.</c>, <c>4 (good)</c>); anything else (<c>4.5</c>, <c>high</c>) is null.</summary>
    private static int? ReadScore(ReadOnlySpan<char> text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            digits++;
        if (digits == 0 || digits > 6)
            return null;
        var rest = text[digits..];
        if (rest.StartsWith(".") && rest.Length > 1 && char.IsAsciiDigit(rest[1]))
        {
            var fraction = rest[1..];
            var zeros = 0;
            while (zeros < fraction.Length && fraction[zeros] == '0')
                zeros++;
            if (zeros < fraction.Length && char.IsAsciiDigit(fraction[zeros]))
                return null;
        }

        return int.Parse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>A grammar admitting any number of score lines (the task type's <c>OutputGrammar</c>).</summary>
    public const string AnyCountGrammar = "root ::= line+\nline ::= \"[\" [1-9] [0-9]{0,3} \"] Score: \" [1-9] [0-9]{0,3} \"\\n\"\n";

    /// <summary>A grammar admitting exactly <paramref name="count"/> lines, indexed 1..N, each a score on the scale.</summary>
    public static string Grammar(int count)
    {
        if (count == 0)
            return "root ::= \"\\n\"\n";
        var text = new StringBuilder("root ::=");
        for (var i = 1; i <= count; i++)
            text.Append(" \"[").Append(Format(i)).Append("] Score: \" score \"\\n\"");
        text.Append("\nscore ::= ");
        // Longer numbers first, so "10" is not cut to "1".
        text.AppendJoin(" | ", Enumerable.Range(1, MaxScore(count)).Reverse().Select(s => "\"" + Format(s) + "\""));
        return text.Append('\n').ToString();
    }

    /// <summary>The JSON schema of a structured answer.</summary>
    public static string JsonSchema(string task)
        => "{\"title\":\"" + task + "\",\"type\":\"object\",\"properties\":{\"scores\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1},"
            + "\"description\":\"One score per item, in order.\"}},\"required\":[\"scores\"],\"additionalProperties\":false}";

    /// <summary>The per-item output.</summary>
    public static LlmTaskOutput Output(string itemsOf, string description)
        => new(Column, "Scores", LlmOutputKind.Rating, 1, null, description) { Shape = LlmOutputShape.PerItem, ItemsOf = itemsOf };

    /// <summary>The Argilla questions: one per item position, on the scale of <see cref="ArgillaItems"/> items.</summary>
    public static IReadOnlyList<ArgillaQuestion> ArgillaQuestions(string description)
        => Enumerable.Range(1, ArgillaItems)
            .Select(i => (ArgillaQuestion)new ArgillaRatingQuestion(
                TaskArgilla.ItemQuestion(Column, i), $"Score [{Format(i)}]", description, Required: false, Values: Enumerable.Range(1, MaxScore(ArgillaItems)).ToArray(), Offset: 0))
            .ToArray();

    /// <summary>The scores as Argilla suggestions (the first <see cref="ArgillaItems"/> items, those on its scale).</summary>
    public static List<ArgillaSuggestion> ArgillaSuggestions(IReadOnlyList<int?> scores)
    {
        var suggestions = new List<ArgillaSuggestion>();
        TaskArgilla.AddRatingItems(suggestions, Column, scores, ArgillaItems, 1, MaxScore(ArgillaItems), 0);
        return suggestions;
    }

    /// <summary>Scores already in a row (a resumed or re-read dataset); absent gives empty.</summary>
    public static IReadOnlyList<int?> FromRow(IReadOnlyDictionary<string, object?> row, string task)
        => TaskRows.ReadRatingList(row, task, Column, 1, int.MaxValue) ?? [];

    /// <summary>Rejects every parameter: the scorers have none.</summary>
    public static void NoParameters(string task, IReadOnlyDictionary<string, string> values)
        => TaskParameters.CheckNames(task, values, [], []);

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}

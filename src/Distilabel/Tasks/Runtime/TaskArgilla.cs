using System.ComponentModel;
using Distilabel.Argilla;

namespace Distilabel.Tasks.Runtime;

/// <summary>
/// Argilla suggestions of list outputs. Used by generated code. Argilla settings are fixed per dataset, so a per-item
/// output has one question per item position (<c>ratings_1</c>, <c>ratings_2</c>, …) up to the list input's
/// <c>ArgillaItems</c>; later items get no suggestion.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskArgilla
{
    /// <summary>The question name of item <paramref name="position"/> (1-based) of a per-item output.</summary>
    public static string ItemQuestion(string column, int position) => column + "_" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Adds a suggestion per valid rating within the first <paramref name="positions"/> items.</summary>
    public static void AddRatingItems(List<ArgillaSuggestion> suggestions, string column, IReadOnlyList<int?>? ratings, int positions, int min, int max, int offset)
    {
        if (ratings is null)
            return;
        for (var i = 0; i < Math.Min(ratings.Count, positions); i++)
        {
            if (ratings[i] is int rating && rating >= min && rating <= max)
                suggestions.Add(new ArgillaSuggestion(ItemQuestion(column, i + 1), rating + offset));
        }
    }

    /// <summary>Adds a suggestion per non-empty text within the first <paramref name="positions"/> items.</summary>
    public static void AddTextItems(List<ArgillaSuggestion> suggestions, string column, IReadOnlyList<string?>? texts, int positions)
    {
        if (texts is null)
            return;
        for (var i = 0; i < Math.Min(texts.Count, positions); i++)
        {
            if (!string.IsNullOrEmpty(texts[i]))
                suggestions.Add(new ArgillaSuggestion(ItemQuestion(column, i + 1), texts[i]!));
        }
    }

    /// <summary>Adds a list output as one text suggestion, its items numbered (<c>[1] …</c>).</summary>
    public static void AddTextList(List<ArgillaSuggestion> suggestions, string column, IReadOnlyList<string?>? items)
    {
        if (items is { Count: > 0 })
            suggestions.Add(new ArgillaSuggestion(column, TaskRows.FormatListForReading(items)));
    }
}

namespace Distilabel.Argilla;

/// <summary>A record to review: its fields (task inputs) and the model's suggestions (task outputs).</summary>
public sealed record ArgillaRecord(
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<ArgillaSuggestion> Suggestions,
    string? ExternalId = null,
    IReadOnlyDictionary<string, object?>? Metadata = null);

/// <summary>A model's answer to one question, shown to annotators as a suggestion.</summary>
/// <param name="QuestionName">The question's name.</param>
/// <param name="Value">An <see cref="int"/> for rating questions (already shifted to Argilla's scale), a <see cref="string"/> for text questions.</param>
/// <param name="Agent">Who suggested it (a model name).</param>
/// <param name="Score">Confidence in [0, 1], if known.</param>
public sealed record ArgillaSuggestion(string QuestionName, object Value, string? Agent = null, double? Score = null);

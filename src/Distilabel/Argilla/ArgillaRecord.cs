namespace Distilabel.Argilla;

/// <summary>A record to review: its fields (task inputs), the model's suggestions (task outputs) and, once people have
/// reviewed it, their submitted responses.</summary>
public sealed record ArgillaRecord(
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<ArgillaSuggestion> Suggestions,
    string? ExternalId = null,
    IReadOnlyDictionary<string, object?>? Metadata = null,
    IReadOnlyList<ArgillaResponse>? Responses = null);

/// <summary>A model's answer to one question, shown to annotators as a suggestion.</summary>
/// <param name="QuestionName">The question's name.</param>
/// <param name="Value">An <see cref="int"/> for rating questions (already shifted to Argilla's scale), a <see cref="string"/> for text questions.</param>
/// <param name="Agent">Who suggested it (a model name).</param>
/// <param name="Score">Confidence in [0, 1], if known.</param>
public sealed record ArgillaSuggestion(string QuestionName, object Value, string? Agent = null, double? Score = null);

/// <summary>One annotator's submitted answer to one question.</summary>
/// <param name="QuestionName">The question's name.</param>
/// <param name="Value">An <see cref="int"/> on Argilla's scale for rating questions, a <see cref="string"/> for text questions.</param>
/// <param name="UserId">The annotator.</param>
public sealed record ArgillaResponse(string QuestionName, object Value, Guid UserId);

/// <summary>A record as stored on the server: its id and status (<c>pending</c> or <c>completed</c>).</summary>
public sealed record ArgillaRemoteRecord(Guid Id, string Status, ArgillaRecord Record);

using Distilabel.Llms;

namespace Distilabel.Pipeline;

/// <summary>
/// Why a row (or one of its generations) could not be completed: typed, so counts and policies read the values,
/// never the text. <see cref="Text"/> is what the error column holds.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">
/// The error without its details, for counting (<c>"rate limited (429 Too Many Requests)"</c>, <c>"unparsable answer"</c>,
/// <c>"bad input"</c>): rows with the same reason failed the same way.
/// </param>
/// <param name="Detail">The full, secret-free description, e.g. <c>"bad input: task 'helpsteer', column 'prompt': is empty"</c>.</param>
public sealed record RowError(RowErrorKind Kind, string Reason, string Detail)
{
    /// <summary>For LLM failures, what the failure means for the run; null for other kinds.</summary>
    public LlmErrorCategory? Category { get; init; }

    /// <summary>The step the error belongs to (its name), when known.</summary>
    public string? Step { get; init; }

    /// <summary>The 0-based generation the error belongs to, when it belongs to one.</summary>
    public int? Generation { get; init; }

    /// <summary>The errors this one stands for, when a row failed in several places (e.g. several generations); else empty.</summary>
    public IReadOnlyList<RowError> Parts { get; init; } = [];

    /// <summary>The text of the error column: the detail, after "generation N: " when it belongs to a generation.</summary>
    public string Text => Parts.Count > 0
        ? string.Join("; ", Parts.Select(p => p.Text))
        : Generation is { } g ? $"generation {g + 1}: {Detail}" : Detail;

    /// <summary>A row that does not fit the task.</summary>
    public static RowError BadInput(string detail) => new(RowErrorKind.BadInput, "bad input", "bad input: " + detail);

    /// <summary>An answer with no valid value for <paramref name="missing"/> of the <paramref name="outputs"/> outputs.</summary>
    public static RowError Unparsable(IReadOnlyCollection<string> missing, int outputs) => new(
        RowErrorKind.Unparsable,
        "unparsable answer",
        missing.Count == outputs
            ? "unparsable answer: no valid value for any output"
            : $"unparsable answer: no valid value for {string.Join(", ", missing)}");

    /// <summary>A failed LLM request, from its classified error.</summary>
    public static RowError FromLlm(LlmError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RowError(error.Category == LlmErrorCategory.Content ? RowErrorKind.Content : RowErrorKind.Request, error.Kind, error.Reason)
        {
            Category = error.Category,
        };
    }

    /// <summary>An answer stopped by the server's content filter (its text is kept as the raw answer).</summary>
    public static RowError ContentFiltered() => new(RowErrorKind.Content, "content filtered (finish_reason content_filter)", "content filtered (finish_reason content_filter)")
    {
        Category = LlmErrorCategory.Content,
    };

    /// <summary>One error standing for <paramref name="errors"/> (in order): the first one's kind and reason, every text.</summary>
    public static RowError? Combine(IReadOnlyList<RowError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var flat = errors.SelectMany(e => e.Parts.Count > 0 ? e.Parts : [e]).ToList();
        return flat.Count switch
        {
            0 => null,
            1 => flat[0],
            _ => flat[0] with { Generation = null, Parts = flat },
        };
    }

    /// <summary>Equal kind, reason, detail, category, step, generation and parts (compared item by item).</summary>
    public bool Equals(RowError? other) => other is not null
        && Kind == other.Kind && Reason == other.Reason && Detail == other.Detail && Category == other.Category
        && Step == other.Step && Generation == other.Generation && Parts.SequenceEqual(other.Parts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Reason, Detail, Category, Step, Generation, Parts.Count);

    /// <inheritdoc />
    public override string ToString() => Text;
}

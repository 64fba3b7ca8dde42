namespace Distilabel.Argilla;

/// <summary>A question annotators answer (one per task output).</summary>
public abstract record ArgillaQuestion(string Name, string Title, string? Description, bool Required);

/// <summary>
/// A rating question. Argilla rating values are 0..10 (1..10 on older servers), so a task range that
/// starts below 1 is shifted: <c>ArgillaValue = TaskValue + <see cref="Offset"/></c> (HelpSteer's 0–4 becomes 1–5).
/// </summary>
public sealed record ArgillaRatingQuestion(string Name, string Title, string? Description, bool Required, IReadOnlyList<int> Values, int Offset)
    : ArgillaQuestion(Name, Title, Description, Required)
{
    /// <summary>The task's value for an Argilla value, or null when it is not one of <see cref="Values"/>.</summary>
    public int? ToTaskValue(int argillaValue) => Values.Contains(argillaValue) ? argillaValue - Offset : null;

    /// <summary>The Argilla value for a task value.</summary>
    public int ToArgillaValue(int taskValue) => taskValue + Offset;
}

/// <summary>A free-text question.</summary>
public sealed record ArgillaTextQuestion(string Name, string Title, string? Description, bool Required, bool UseMarkdown = false)
    : ArgillaQuestion(Name, Title, Description, Required);

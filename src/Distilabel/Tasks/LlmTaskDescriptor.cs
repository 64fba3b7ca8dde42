namespace Distilabel;

/// <summary>Everything a pipeline, a renderer or Argilla needs to know about a task, without the type.</summary>
/// <param name="Name">Task name (command line, journal key).</param>
/// <param name="TypeName">Full name of the declaring record.</param>
/// <param name="SystemPrompt">The full system message, answer format included.</param>
/// <param name="Guidelines">Annotation guidelines (text or URL), if any.</param>
/// <param name="Description">Short description, if any.</param>
/// <param name="Inputs">Input columns in declaration order.</param>
/// <param name="Outputs">Output columns in declaration order.</param>
public sealed record LlmTaskDescriptor(
    string Name,
    string TypeName,
    string SystemPrompt,
    string? Guidelines,
    string? Description,
    IReadOnlyList<LlmTaskInput> Inputs,
    IReadOnlyList<LlmTaskOutput> Outputs)
{
    /// <summary>A fingerprint of everything that changes what the LLM is asked (name, prompt, columns, ranges).</summary>
    public string Fingerprint => TaskFingerprint.Compute(this);
}

/// <summary>An input column.</summary>
public sealed record LlmTaskInput(string Name, string PropertyName, string Title, LlmValueType Type, bool IsRequired);

/// <summary>An output column: an integer rating within <see cref="Min"/>..<see cref="Max"/>, or free text.</summary>
public sealed record LlmTaskOutput(string Name, string PropertyName, LlmOutputKind Kind, int? Min, int? Max, string? Description);

/// <summary>Kind of an output column.</summary>
public enum LlmOutputKind
{
    /// <summary>An integer within a range.</summary>
    Rating,

    /// <summary>Free text.</summary>
    Text,
}

/// <summary>The CLR type of an input column.</summary>
public enum LlmValueType
{
    String,
    Int32,
    Int64,
    Double,
    Boolean,
}

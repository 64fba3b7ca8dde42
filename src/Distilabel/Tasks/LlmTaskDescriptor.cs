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
    /// <summary>The task's parameters (not columns: the same for every row) with their values, in declaration order.</summary>
    public IReadOnlyList<LlmTaskParameter> Parameters { get; init; } = [];

    /// <summary>
    /// For a task with a user template (<see cref="LlmTaskAttribute.UserPrompt"/>): the user message of a task with these
    /// parameter values and empty inputs (the template itself if that cannot be rendered); null when the inputs are sent
    /// inside tags. Part of the fingerprint.
    /// </summary>
    public string? UserPrompt { get; init; }

    /// <summary>Whether the grammar depends on each task instance (per-item outputs, or a trained answer format's grammar).</summary>
    public bool GrammarPerInstance { get; init; }

    /// <summary>A fingerprint of everything that changes what the LLM is asked (name, prompt, columns, ranges, parameter values).</summary>
    public string Fingerprint => TaskFingerprint.Compute(this);
}

/// <summary>An input column.</summary>
public sealed record LlmTaskInput(string Name, string PropertyName, string Title, LlmValueType Type, bool IsRequired)
{
    /// <summary>A list of <see cref="Type"/> values (<c>IReadOnlyList&lt;string&gt;</c>), shown to the LLM as numbered items.</summary>
    public bool IsList { get; init; }
}

/// <summary>An output column: an integer rating within <see cref="Min"/>..<see cref="Max"/>, or free text.</summary>
public sealed record LlmTaskOutput(string Name, string PropertyName, LlmOutputKind Kind, int? Min, int? Max, string? Description)
{
    /// <summary>One value, one value per item of a list input, or a list of any length.</summary>
    public LlmOutputShape Shape { get; init; }

    /// <summary>For <see cref="LlmOutputShape.PerItem"/>: the list input (column name) whose items the values align with.</summary>
    public string? ItemsOf { get; init; }

    /// <summary>
    /// The task's <c>bool</c> property this output depends on (<see cref="RatingAttribute.When"/>), or null when it always
    /// exists. A definition's descriptor lists only the outputs that exist with its parameter values.
    /// </summary>
    public string? When { get; init; }
}

/// <summary>How many values an output holds.</summary>
public enum LlmOutputShape
{
    /// <summary>One value (<c>int?</c> or <c>string?</c>).</summary>
    Single,

    /// <summary>
    /// Exactly one value per item of a list input (<c>IReadOnlyList&lt;int?&gt;</c> or <c>IReadOnlyList&lt;string?&gt;</c>),
    /// null where the answer has none.
    /// </summary>
    PerItem,

    /// <summary>A list of any length (<c>IReadOnlyList&lt;string&gt;</c>), for example new instructions.</summary>
    List,
}

/// <summary>A task parameter: a typed setting that is not a column (an aspect, a rubric), set in code or by name.</summary>
/// <param name="Name">The name used with <c>WithParameters</c> and <c>--task-param NAME=VALUE</c>.</param>
/// <param name="PropertyName">The task property.</param>
/// <param name="Type">The value type.</param>
/// <param name="Value">The value as invariant text (the default on a task type's own descriptor).</param>
/// <param name="AllowedValues">For an enum, its member names; otherwise empty.</param>
/// <param name="Description">What the parameter changes, if documented.</param>
public sealed record LlmTaskParameter(string Name, string PropertyName, LlmParameterType Type, string Value, IReadOnlyList<string> AllowedValues, string? Description);

/// <summary>The type of a task parameter.</summary>
public enum LlmParameterType
{
    String,
    Int32,
    Double,
    Boolean,
    Enum,
}

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

namespace Distilabel;

/// <summary>
/// Marks a <c>partial record</c> as an LLM task. The Distilabel source generator makes the record
/// implement <see cref="ILlmTask{TSelf}"/>: prompt builder, output parser, row mapping, GBNF grammar,
/// JSON schema and Argilla schema.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class LlmTaskAttribute : Attribute
{
    /// <summary>Task name used on the command line and in run journals. Default: the type name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>The instruction given to the LLM. The generator appends the exact answer format to it.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>
    /// The user message as a template, instead of the inputs inside tags: <c>{column}</c> shows an input (a list input
    /// as <c>[1] …</c> items), <c>{name}</c> a parameter or any other property of the task, and <c>{answer_format}</c>
    /// the generated tagged answer format. With a template, <see cref="SystemPrompt"/> is sent as written (the answer
    /// format is not appended), and an empty system prompt sends no system message at all (some judges, such as
    /// Prometheus 2, reject one). Use it to ask an open judge for the answer format it was trained on.
    /// </summary>
    public string? UserPrompt { get; set; }

    /// <summary>Annotation guidelines (text or URL), used as the Argilla dataset guidelines.</summary>
    public string? Guidelines { get; set; }

    /// <summary>Short description of the task, shown in previews.</summary>
    public string? Description { get; set; }
}

namespace Distilabel;

/// <summary>An input column of an <see cref="LlmTaskAttribute">LLM task</see>, sent to the LLM inside <c>&lt;name&gt;…&lt;/name&gt;</c> tags.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Column name. Default: the property name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>Title shown to annotators (Argilla). Default: the property name.</summary>
    public string? Title { get; set; }

    /// <summary>
    /// On a list input with per-item outputs: how many item positions get their own Argilla questions (default 4);
    /// Argilla settings are fixed, so values of later items are not suggested there.
    /// </summary>
    public int ArgillaItems { get; set; } = 4;
}

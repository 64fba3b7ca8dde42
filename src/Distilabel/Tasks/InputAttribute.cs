namespace Distilabel;

/// <summary>An input column of an <see cref="LlmTaskAttribute">LLM task</see>, sent to the LLM inside <c>&lt;name&gt;…&lt;/name&gt;</c> tags.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Column name. Default: the property name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>Title shown to annotators (Argilla). Default: the property name.</summary>
    public string? Title { get; set; }
}

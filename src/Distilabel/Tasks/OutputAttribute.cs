namespace Distilabel;

/// <summary>A free-text output on a <c>string?</c> property (for example a rationale), parsed from <c>&lt;name&gt;…&lt;/name&gt;</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class OutputAttribute : Attribute
{
    /// <summary>Column name. Default: the property name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>What the output should contain; shown to the LLM and to annotators.</summary>
    public string? Description { get; set; }
}

namespace Distilabel;

/// <summary>
/// A free-text output on a <c>string?</c> property (for example a rationale), parsed from <c>&lt;name&gt;…&lt;/name&gt;</c>;
/// on an <c>IReadOnlyList&lt;string?&gt;</c>, one text per item of a list input; on an <c>IReadOnlyList&lt;string&gt;</c>,
/// a list of any length (numbered items).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class OutputAttribute : Attribute
{
    /// <summary>Column name. Default: the property name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>What the output should contain; shown to the LLM and to annotators.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// On an <c>IReadOnlyList&lt;string?&gt;</c> (one text per item): the list input whose items it follows, as
    /// <c>nameof(Property)</c>. Needed only when the task has more than one list input.
    /// </summary>
    public string? For { get; set; }
}

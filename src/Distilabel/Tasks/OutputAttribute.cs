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

    /// <summary>The most characters of the text (of each item, for a list); 0: any. Bounds constrained decoding (GBNF) and the JSON schema.</summary>
    public int MaxLength { get; set; }

    /// <summary>On an <c>IReadOnlyList&lt;string&gt;</c> (a list of any length): the most items; 0: any. Bounds the grammar and the JSON schema.</summary>
    public int MaxItems { get; set; }

    /// <summary>
    /// The output exists only when this <c>bool</c> property of the task is true, as <c>nameof(Property)</c> (usually
    /// computed from a parameter, e.g. UltraFeedback's <c>types</c> for the helpfulness aspect): otherwise it is not a
    /// column of the rows the task writes, and the parser leaves it null.
    /// </summary>
    public string? When { get; set; }
}

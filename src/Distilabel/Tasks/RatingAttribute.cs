namespace Distilabel;

/// <summary>
/// An integer rating output on an <c>int?</c> property, parsed from <c>&lt;name&gt;N&lt;/name&gt;</c>; on an
/// <c>IReadOnlyList&lt;int?&gt;</c>, one rating per item of a list input.
/// A missing, malformed, duplicated or out-of-range value parses as <c>null</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
public sealed class RatingAttribute(int min, int max) : Attribute
{
    /// <summary>Lowest valid rating (inclusive).</summary>
    public int Min { get; } = min;

    /// <summary>Highest valid rating (inclusive).</summary>
    public int Max { get; } = max;

    /// <summary>Column name. Default: the property name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>What the rating means; shown to the LLM and to annotators.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// On an <c>IReadOnlyList&lt;int?&gt;</c> (one rating per item): the list input whose items are rated, as
    /// <c>nameof(Property)</c>. Needed only when the task has more than one list input.
    /// </summary>
    public string? For { get; set; }

    /// <summary>
    /// The output exists only when this <c>bool</c> property of the task is true, as <c>nameof(Property)</c> (usually
    /// computed from a parameter, e.g. UltraFeedback's <c>types</c> for the helpfulness aspect): otherwise it is not a
    /// column of the rows the task writes, and the parser leaves it null.
    /// </summary>
    public string? When { get; set; }
}

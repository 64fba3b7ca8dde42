using Distilabel.Generators.Helpers;

namespace Distilabel.Generators.Models
{
    /// <summary>A [Parameter] member: a typed setting that is not a column.</summary>
    /// <param name="EnumType">For an enum: its fully qualified C# name (<c>global::…</c>).</param>
    /// <param name="EnumMembers">For an enum: its member names; for a string with <c>OneOf</c>: the values it takes.</param>
    internal sealed record ParameterModel(
        string PropertyName,
        string Name,
        ParameterValueType Type,
        string? EnumType,
        EquatableArray<string> EnumMembers,
        string? Description)
    {
        /// <summary>How messages show it: <c>aspect (string)</c>, <c>tone (one of: Formal, Casual)</c>.</summary>
        public string Shown => Name + " (" + (EnumMembers.Count > 0 ? "one of: " + string.Join(", ", EnumMembers) : TypeName) + ")";

        private string TypeName => Type switch
        {
            ParameterValueType.Int32 => "int",
            ParameterValueType.Double => "double",
            ParameterValueType.Boolean => "bool",
            _ => "string",
        };
    }
}

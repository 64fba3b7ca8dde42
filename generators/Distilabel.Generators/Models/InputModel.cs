namespace Distilabel.Generators.Models
{
    /// <summary>An [Input] member.</summary>
    /// <param name="ConstructorParameter">The positional record parameter that sets it, or null.</param>
    /// <param name="IsList">An <c>IReadOnlyList&lt;string&gt;</c> (<see cref="Type"/> is String), shown as numbered items.</param>
    /// <param name="NullableItems">A list of <c>string?</c>: null items stay null (else they read as "").</param>
    /// <param name="ArgillaItems">For a list with per-item outputs: item positions that get Argilla questions.</param>
    internal sealed record InputModel(
        string PropertyName,
        string Column,
        string Title,
        InputValueType Type,
        bool IsRequired,
        string? ConstructorParameter,
        bool IsList = false,
        bool NullableItems = false,
        int ArgillaItems = 4);
}

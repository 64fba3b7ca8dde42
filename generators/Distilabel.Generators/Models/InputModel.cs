namespace Distilabel.Generators.Models
{
    internal enum InputValueType
    {
        String,
        Int32,
        Int64,
        Double,
        Boolean,
    }

    /// <summary>An [Input] member.</summary>
    /// <param name="ConstructorParameter">The positional record parameter that sets it, or null.</param>
    internal sealed record InputModel(
        string PropertyName,
        string Column,
        string Title,
        InputValueType Type,
        bool IsRequired,
        string? ConstructorParameter);
}

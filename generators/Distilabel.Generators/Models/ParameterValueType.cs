namespace Distilabel.Generators.Models
{
    /// <summary>The type of a [Parameter] member.</summary>
    internal enum ParameterValueType
    {
        String,
        Int32,
        Double,
        Boolean,
        Enum,
    }
}

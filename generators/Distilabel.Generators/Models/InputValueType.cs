namespace Distilabel.Generators.Models
{
    /// <summary>The value type of an [Input] column (or of a list input's items).</summary>
    internal enum InputValueType
    {
        String,
        Int32,
        Int64,
        Double,
        Boolean,
    }
}

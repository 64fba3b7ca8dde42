namespace Distilabel.Generators.Models
{
    /// <summary>A type the task is nested in (outermost first).</summary>
    internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);
}

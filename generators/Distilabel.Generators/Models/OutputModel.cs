namespace Distilabel.Generators.Models
{
    internal enum TaskOutputKind
    {
        Rating,
        Text,
    }

    /// <summary>A [Rating] or [Output] member. A non-nullable one gets 0 or "" when the answer has no valid value.</summary>
    internal sealed record OutputModel(
        string PropertyName,
        string Column,
        string Title,
        TaskOutputKind Kind,
        int Min,
        int Max,
        string? Description,
        bool IsNullable,
        string? ConstructorParameter)
    {
        /// <summary>Argilla rating values start at 1 at the lowest: the shift from task to Argilla values.</summary>
        public int ArgillaOffset => Min < 1 ? 1 - Min : 0;
    }
}

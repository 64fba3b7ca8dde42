namespace Distilabel.Generators.Models
{
    /// <summary>A [Rating] or [Output] member. A non-nullable one gets 0 or "" when the answer has no valid value.</summary>
    /// <param name="ItemsOf">For <see cref="OutputShape.PerItem"/>: the list input it aligns with.</param>
    internal sealed record OutputModel(
        string PropertyName,
        string Column,
        string Title,
        TaskOutputKind Kind,
        int Min,
        int Max,
        string? Description,
        bool IsNullable,
        string? ConstructorParameter,
        OutputShape Shape = OutputShape.Single,
        InputModel? ItemsOf = null)
    {
        /// <summary>A text's (or text item's) most characters in the grammar; 0: any.</summary>
        public int MaxLength { get; init; }

        /// <summary>A list output's most items in the grammar; 0: any.</summary>
        public int MaxItems { get; init; }

        /// <summary>The bool property the output depends on (<c>When = nameof(…)</c>), or null: it always exists.</summary>
        public string? When { get; init; }

        /// <summary>Argilla rating values start at 1 at the lowest: the shift from task to Argilla values.</summary>
        public int ArgillaOffset => Min < 1 ? 1 - Min : 0;
    }
}

namespace Distilabel.Argilla;

/// <summary>The shape of an Argilla feedback dataset: guidelines, text fields and questions.</summary>
public sealed record ArgillaDatasetSettings(
    string? Guidelines,
    IReadOnlyList<ArgillaField> Fields,
    IReadOnlyList<ArgillaQuestion> Questions);

namespace Distilabel.Argilla;

/// <summary>A text field shown to annotators (one per task input).</summary>
public sealed record ArgillaField(string Name, string Title, bool Required = true, bool UseMarkdown = false);

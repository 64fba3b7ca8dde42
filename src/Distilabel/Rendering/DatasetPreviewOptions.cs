namespace Distilabel.Rendering;

/// <summary>How a dataset preview is drawn.</summary>
public sealed record DatasetPreviewOptions
{
    /// <summary>The default column a pipeline writes a row's error into; a non-null value marks the row as failed.</summary>
    public const string DefaultErrorColumn = "labelling_error";

    /// <summary>The defaults: 20 rows, text cut at 160 characters, errors in <c>labelling_error</c>.</summary>
    public static DatasetPreviewOptions Default { get; } = new();

    /// <summary>Rows shown in the table (counts and charts always cover every row).</summary>
    public int MaxRows { get; init; } = 20;

    /// <summary>Text longer than this is cut in the table; the full text is one click away.</summary>
    public int MaxTextLength { get; init; } = 160;

    /// <summary>The column whose non-null value marks a failed row.</summary>
    public string ErrorColumn { get; init; } = DefaultErrorColumn;

    /// <summary>A heading; default: "Dataset", or "Labelled dataset · task" when the task is known.</summary>
    public string? Title { get; init; }
}

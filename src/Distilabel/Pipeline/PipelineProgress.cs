using Distilabel.Rendering;

namespace Distilabel.Pipeline;

/// <summary>
/// Where a run stands: reported through <see cref="IProgress{T}"/> after every finished row, and drawn as it is by
/// the progress displays (<see cref="HtmlRenderer.Progress"/>): every figure shown is derived from these values only,
/// so the same snapshot always renders the same HTML.
/// </summary>
/// <param name="Total">Rows in the dataset, when known.</param>
/// <param name="Completed">Rows finished (labelled or failed).</param>
/// <param name="Failed">Rows finished with an error (they are kept, with the error).</param>
/// <param name="InputTokens">Prompt tokens so far.</param>
/// <param name="OutputTokens">Completion tokens so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Title">What is running (for example "helpsteer · gpt-4"), when a display should say it.</param>
public sealed record PipelineProgress(long? Total, long Completed, long Failed, long InputTokens, long OutputTokens, TimeSpan Elapsed, string? Title = null)
{
    /// <summary>Rows labelled without error.</summary>
    public long Succeeded => Math.Max(0, Completed - Failed);

    /// <summary>Completed / Total in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => Total is > 0 ? Math.Clamp((double)Completed / Total.Value, 0, 1) : Total == 0 ? 1 : null;

    /// <summary>Finished rows per second.</summary>
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left at the current rate; null when the total is unknown or nothing finished yet.</summary>
    public TimeSpan? EstimatedRemaining => Total is { } total && RowsPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Completed) / RowsPerSecond)
        : null;

    /// <summary>True once every row is finished.</summary>
    public bool IsFinished => Total is { } total && Completed >= total;

    /// <summary>The HTML display (see <see cref="HtmlRenderer.Progress"/>).</summary>
    public string ToHtml() => HtmlRenderer.Progress(this);
}

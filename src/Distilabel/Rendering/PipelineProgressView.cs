using Distilabel.Pipeline;

namespace Distilabel.Rendering;

/// <summary>
/// A snapshot of a running pipeline, as a progress display shows it. A pipeline maps its own progress
/// reports to this record; every figure shown is derived from these values only, so the same snapshot
/// always renders the same HTML.
/// </summary>
/// <param name="Total">Rows to process, when known.</param>
/// <param name="Completed">Rows finished so far, labelled or failed.</param>
/// <param name="Failed">Of the finished rows, those that failed (they are kept, with an error).</param>
/// <param name="InputTokens">Prompt tokens used so far.</param>
/// <param name="OutputTokens">Completion tokens used so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Title">What is running (for example "helpsteer · gpt-4"), if anything should be said.</param>
public sealed record PipelineProgressView(
    long? Total,
    long Completed,
    long Failed,
    long InputTokens,
    long OutputTokens,
    TimeSpan Elapsed,
    string? Title = null)
{
    /// <summary>Finished rows that did not fail.</summary>
    public long Succeeded => Math.Max(0, Completed - Failed);

    /// <summary>Completed / Total in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => Total is > 0 ? Math.Clamp((double)Completed / Total.Value, 0, 1) : Total == 0 ? 1 : null;

    /// <summary>Finished rows per second since the start (0 before the first second has any).</summary>
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the current rate; null when the total is unknown or nothing finished yet.</summary>
    public TimeSpan? EstimatedRemaining => Total is { } total && RowsPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Completed) / RowsPerSecond)
        : null;

    /// <summary>True once every row is finished.</summary>
    public bool IsFinished => Total is { } total && Completed >= total;

    /// <summary>
    /// The view of a pipeline's own progress report, so a <see cref="LabellingPipeline"/> run can feed a live display:
    /// <c>new Progress&lt;PipelineProgress&gt;(p =&gt; display.Update(PipelineProgressView.From(p, "helpsteer")))</c>.
    /// </summary>
    /// <param name="progress">The pipeline's snapshot.</param>
    /// <param name="title">What is running (for example "helpsteer · gpt-4"), if anything should be said.</param>
    public static PipelineProgressView From(PipelineProgress progress, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return new PipelineProgressView(progress.Total, progress.Completed, progress.Failed, progress.InputTokens, progress.OutputTokens, progress.Elapsed, title);
    }

    /// <summary>The HTML display (see <see cref="HtmlRenderer.Progress"/>).</summary>
    public string ToHtml() => HtmlRenderer.Progress(this);
}

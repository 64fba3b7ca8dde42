namespace Distilabel.Pipeline;

/// <summary>Where a run stands: reported through <see cref="IProgress{T}"/> after every finished row.</summary>
/// <param name="Total">Rows in the dataset, when known.</param>
/// <param name="Completed">Rows finished (labelled or failed).</param>
/// <param name="Failed">Rows finished with an error.</param>
/// <param name="InputTokens">Prompt tokens so far.</param>
/// <param name="OutputTokens">Completion tokens so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record PipelineProgress(long? Total, long Completed, long Failed, long InputTokens, long OutputTokens, TimeSpan Elapsed)
{
    /// <summary>Rows labelled without error.</summary>
    public long Succeeded => Completed - Failed;

    /// <summary>Finished rows per second.</summary>
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Completed / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left, when the total is known and the rate measurable.</summary>
    public TimeSpan? Eta => Total is { } total && RowsPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Completed) / RowsPerSecond)
        : null;
}

namespace Distilabel.Pipeline.Batch;

/// <summary>The batches of a job after a poll: their requests (from the server's <c>request_counts</c>) and statuses.</summary>
/// <param name="Batches">Every batch being waited for, as last seen.</param>
public sealed record BatchProgress(IReadOnlyList<BatchState> Batches)
{
    /// <summary>Requests in all batches (0 while a batch validates).</summary>
    public long Total => Batches.Sum(b => b.Total);

    /// <summary>Requests answered.</summary>
    public long Completed => Batches.Sum(b => b.Completed);

    /// <summary>Requests that failed.</summary>
    public long Failed => Batches.Sum(b => b.Failed);

    /// <summary>One line, e.g. "2 batches (in_progress, completed): 120/200 requests done, 3 failed".</summary>
    public override string ToString()
        => $"{Batches.Count} batch{(Batches.Count == 1 ? "" : "es")} ({string.Join(", ", Batches.Select(b => b.Status).Distinct())}): "
            + $"{Completed + Failed}/{Total} requests done, {Failed} failed";
}

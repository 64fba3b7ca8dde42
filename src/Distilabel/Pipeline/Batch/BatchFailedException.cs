namespace Distilabel.Pipeline.Batch;

/// <summary>A batch failed as a whole (validation: a bad line, a duplicate <c>custom_id</c>, a queue limit): the
/// message carries the server's reasons, line numbers included. No row was answered by it; running the job again
/// submits its requests anew.</summary>
public sealed class BatchFailedException(string batchId, IReadOnlyList<string> reasons)
    : Exception($"batch {batchId} failed: {(reasons.Count == 0 ? "the server gave no reason" : string.Join("; ", reasons))}")
{
    /// <summary>The failed batch.</summary>
    public string BatchId { get; } = batchId;

    /// <summary>The server's reasons (<c>errors.data</c>), each with its line number when given.</summary>
    public IReadOnlyList<string> Reasons { get; } = reasons;
}

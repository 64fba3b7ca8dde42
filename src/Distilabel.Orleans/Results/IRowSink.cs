namespace Distilabel.Orleans.Results;

/// <summary>
/// Where workers deliver labelled rows: an observer in the submitting process, keyed by row index. A row delivered
/// twice (at-least-once delivery after a lost worker) is kept once.
/// </summary>
[Alias("distilabel.row-sink")]
public interface IRowSink : IGrainObserver
{
    /// <summary>Takes rows; completes once they are held by the submitter.</summary>
    [Alias("deliver")]
    Task Deliver(RowBatch batch);
}

using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Scheduling;

/// <summary>
/// Where a job's rows are labelled: in this process (<see cref="LocalRowScheduler"/>, the default) or on other
/// machines (Distilabel.Orleans' cluster scheduler). Whatever labels them, the rows come back in input order, so the
/// job writes the same output either way.
/// </summary>
public interface IRowScheduler
{
    /// <summary>Labels <paramref name="rows"/> with <paramref name="flow"/>'s steps and yields them in input order.</summary>
    /// <param name="flow">The steps (a remote scheduler reads what the rows depend on from it: <see cref="Flow.RunKey"/>).</param>
    /// <param name="rows">The input rows, numbered from 0 in this order.</param>
    /// <param name="progress">Receives a snapshot after every row yielded.</param>
    /// <param name="totalRows">The number of rows, when known.</param>
    /// <param name="drainToken">Stop taking new rows; rows already taken finish and are yielded.</param>
    /// <param name="abortToken">Stop at once.</param>
    /// <param name="journal">The job's run journal, when it keeps one.</param>
    IAsyncEnumerable<LabelledRow> RunAsync(
        Flow flow,
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IProgress<PipelineProgress>? progress,
        long? totalRows,
        CancellationToken drainToken,
        CancellationToken abortToken,
        IRowJournal? journal);
}

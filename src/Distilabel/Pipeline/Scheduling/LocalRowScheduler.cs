using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Scheduling;

/// <summary>Labels every row in this process, with the flow's own LLM clients: the default scheduler.</summary>
public sealed class LocalRowScheduler : IRowScheduler
{
    /// <summary>The one instance (it holds nothing).</summary>
    public static LocalRowScheduler Instance { get; } = new();

    private LocalRowScheduler()
    {
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LabelledRow> RunAsync(
        Flow flow,
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IProgress<PipelineProgress>? progress,
        long? totalRows,
        CancellationToken drainToken,
        CancellationToken abortToken,
        IRowJournal? journal)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.RunAsync(rows, progress, totalRows, drainToken, abortToken, journal);
    }
}

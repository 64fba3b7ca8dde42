using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Orleans.Results;

/// <summary>
/// The submitter's run journal for a cluster job: rows an earlier run finished come back from it before the job
/// starts (only the others are leased to workers), and each row a worker delivers is made durable before it is
/// written, as <c>label</c> does in one process. It keeps, per row still to come, only the input's fingerprint and
/// column names (shared between rows of one schema), not the row.
/// </summary>
internal sealed class SubmitterJournal(IRowJournal journal, string step, IReadOnlyCollection<string> writtenColumns)
{
    private readonly Dictionary<long, (byte[] Fingerprint, string[] Columns)> _pending = [];
    private string[] _lastColumns = [];

    /// <summary>The row as an earlier run finished it, or null when a worker must label it (it is then remembered).</summary>
    public LabelledRow? Restore(long index, IReadOnlyDictionary<string, object?> input)
    {
        var fingerprint = RowFingerprint.Compute(input);
        if (journal.Find(step, index, fingerprint) is { } saved)
            return new LabelledRow(index, saved.RestoreColumns(input), saved.Error);

        _pending[index] = (fingerprint, SharedColumns(input));
        return null;
    }

    /// <summary>
    /// Queues a delivered row; the returned function makes it durable (with every row queued since) and completes once it
    /// is. A row the journal gave back needs nothing (null).
    /// </summary>
    public Func<ValueTask>? Defer(LabelledRow row)
    {
        if (!_pending.Remove(row.Index, out var pending))
            return null;

        // What the step added or rewrote: the columns the input lacks and the ones the step always writes.
        var added = new List<KeyValuePair<string, object?>>();
        foreach (var (column, value) in row.Values)
        {
            if (writtenColumns.Contains(column) || Array.IndexOf(pending.Columns, column) < 0)
                added.Add(new(column, value));
        }

        var raw = row.Values.TryGetValue(ColumnNames.RawLabellingResponse, out var answer) ? answer as string : null;
        return journal.Defer(new JournaledRow(row.Index, pending.Fingerprint, added, row.Failure, raw, 0, 0) { Step = step });
    }

    private string[] SharedColumns(IReadOnlyDictionary<string, object?> input)
    {
        if (input.Count == _lastColumns.Length && input.Keys.SequenceEqual(_lastColumns, StringComparer.Ordinal))
            return _lastColumns;
        return _lastColumns = [.. input.Keys];
    }
}

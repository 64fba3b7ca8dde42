using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Orleans.Results;

/// <summary>
/// The submitter's run journal for a cluster job: the rows an earlier run finished are marked while the rows are
/// counted (only the others are leased to workers) and rebuilt, in turn, from a second read of the input; each row a
/// worker delivers is made durable before it is written, as <c>label</c> does in one process. It keeps one bit per row,
/// and for each row still to come its input's fingerprint and column names (shared between rows of one schema).
/// </summary>
internal sealed class SubmitterJournal(IRowJournal journal, string step, IReadOnlyCollection<string> writtenColumns)
{
    private readonly Dictionary<long, (byte[] Fingerprint, string[] Columns)> _pending = [];
    private readonly List<ulong> _restored = [];
    private string[] _lastColumns = [];

    /// <summary>Rows an earlier run finished.</summary>
    public long Restored { get; private set; }

    /// <summary>Marks the row at <paramref name="index"/> as the journal's, or remembers it as one a worker must label.</summary>
    public void Check(long index, IReadOnlyDictionary<string, object?> input)
    {
        var fingerprint = RowFingerprint.Compute(input);
        if (journal.Find(step, index, fingerprint) is not null)
        {
            var word = (int)(index >> 6);
            while (_restored.Count <= word)
                _restored.Add(0);
            _restored[word] |= 1UL << (int)(index & 63);
            Restored++;
        }
        else
        {
            _pending[index] = (fingerprint, SharedColumns(input));
        }
    }

    /// <summary>Whether the journal holds the row at <paramref name="index"/>.</summary>
    public bool IsRestored(long index)
    {
        var word = (int)(index >> 6);
        return word < _restored.Count && (_restored[word] & (1UL << (int)(index & 63))) != 0;
    }

    /// <summary>The journal's row at <paramref name="index"/>, rebuilt on its input row (read again).</summary>
    /// <exception cref="InvalidDataException">The input changed since the rows were counted.</exception>
    public LabelledRow Restore(long index, IReadOnlyDictionary<string, object?> input)
    {
        var saved = journal.FindAgain(step, index, RowFingerprint.Compute(input))
            ?? throw new InvalidDataException($"row {index + 1} of the input changed while the job ran: run it again");
        return new LabelledRow(index, saved.RestoreColumns(input), saved.Error);
    }

    /// <summary>
    /// Queues a delivered row; the returned function makes it durable (with every row queued since) and completes once it
    /// is.
    /// </summary>
    public MakeDurable Defer(LabelledRow row)
    {
        if (!_pending.Remove(row.Index, out var pending))
            throw new InvalidOperationException($"row {row.Index} was not leased");

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

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// Where the LLM steps of a run make each finished row durable as soon as it completes, and find rows a previous run
/// already finished, keyed by (step name, row index in the step's input). <see cref="RunJournal"/> is the SQLite
/// implementation. Calls come from many threads.
/// </summary>
public interface IRowJournal
{
    /// <summary>
    /// The row at <paramref name="index"/> that <paramref name="step"/> finished, if it was computed from the same input
    /// (same <paramref name="inputFingerprint"/>) and may be reused; null when the row must be computed.
    /// </summary>
    JournaledRow? Find(string step, long index, ReadOnlySpan<byte> inputFingerprint);

    /// <summary>
    /// <see cref="Find(string, long, ReadOnlySpan{byte})"/> for a row an earlier call already found in this run (a
    /// scheduler that marks rows first and rebuilds them later): the journal's statistics count it once.
    /// </summary>
    JournaledRow? FindAgain(string step, long index, ReadOnlySpan<byte> inputFingerprint) => Find(step, index, inputFingerprint);

    /// <summary>The row at <paramref name="index"/> of the unnamed step (a single-step run).</summary>
    JournaledRow? Find(long index, ReadOnlySpan<byte> inputFingerprint) => Find("", index, inputFingerprint);

    /// <summary>Makes a finished row durable (replacing any earlier entry for its step and index). Throws when it cannot.</summary>
    void Record(JournaledRow row);

    /// <summary>
    /// Makes a finished row durable; the task completes once it is (a journal may commit rows finishing together in one
    /// transaction). The default calls <see cref="Record"/>.
    /// </summary>
    ValueTask RecordAsync(JournaledRow row, CancellationToken cancellationToken = default)
    {
        Record(row);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Queues a finished row to be made durable together with the rows finishing around it. The returned function makes
    /// it durable (committing whatever is queued, in one transaction) and completes once it is; until it is called the
    /// row may not be durable yet. The default records the row when the function is called.
    /// </summary>
    MakeDurable Defer(JournaledRow row) => _ => RecordAsync(row);
}

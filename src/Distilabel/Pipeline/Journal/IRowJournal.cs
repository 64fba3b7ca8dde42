namespace Distilabel.Pipeline.Journal;

/// <summary>
/// Where a <see cref="LabellingPipeline"/> makes each finished row durable as soon as it completes, and finds rows a
/// previous run already finished. <see cref="RunJournal"/> is the SQLite implementation. Calls come from many threads.
/// </summary>
public interface IRowJournal
{
    /// <summary>
    /// The finished row at <paramref name="index"/> if one was journaled from the same input (same
    /// <paramref name="inputFingerprint"/>) and may be reused; null when the row must be computed.
    /// </summary>
    JournaledRow? Find(long index, ReadOnlySpan<byte> inputFingerprint);

    /// <summary>Makes a finished row durable (replacing any earlier entry for its index). Throws when it cannot.</summary>
    void Record(JournaledRow row);
}

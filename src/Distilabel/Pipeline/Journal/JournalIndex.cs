namespace Distilabel.Pipeline.Journal;

/// <summary>
/// Which chunk holds each journaled row, in memory: (step id, row index) → chunk id, negative for a row that failed.
/// Built from the chunks' directories when the journal opens, kept up to date by every commit; a later chunk's row
/// replaces an earlier one's (a failed row asked again).
/// </summary>
/// <remarks>
/// Row indices are dense from 0, so the map is pages of 4,096 slots (8 bytes a row: 8 MB for a million rows) rather
/// than a dictionary entry per row. Not thread-safe: the journal holds its lock.
/// </remarks>
internal sealed class JournalIndex
{
    private const int PageBits = 12;
    private const int PageSize = 1 << PageBits;

    private readonly Dictionary<(int Step, long Page), long[]> _pages = [];

    /// <summary>Rows held (each (step, index) once).</summary>
    public long Rows { get; private set; }

    /// <summary>Of <see cref="Rows"/>, rows that finished with an error.</summary>
    public long FailedRows { get; private set; }

    /// <summary>The chunk holding the row (negative: the row failed), or 0 when the journal does not hold it.</summary>
    public long Get(int stepId, long index)
        => index >= 0 && _pages.TryGetValue((stepId, index >> PageBits), out var page) ? page[index & (PageSize - 1)] : 0;

    /// <summary>Records that chunk <paramref name="chunkId"/> holds the row, replacing any earlier chunk's.</summary>
    public void Set(int stepId, long index, long chunkId, bool failed)
    {
        if (index < 0)
            return;
        if (!_pages.TryGetValue((stepId, index >> PageBits), out var page))
            _pages[(stepId, index >> PageBits)] = page = new long[PageSize];
        ref var slot = ref page[index & (PageSize - 1)];
        if (slot == 0)
            Rows++;
        if (slot < 0)
            FailedRows--;
        if (failed)
            FailedRows++;
        slot = failed ? -chunkId : chunkId;
    }
}

namespace Distilabel.Pipeline.Journal;

/// <summary>How a <see cref="RunJournal"/> is opened.</summary>
public sealed record RunJournalOptions
{
    /// <summary>Rows that finished with an error are asked again (their entries are replaced); labelled rows are reused.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>Delete an existing journal at the path first and start over.</summary>
    public bool Fresh { get; init; }

    /// <summary>
    /// Flush every entry to the disk (SQLite <c>synchronous=FULL</c>) so it survives a power cut, not only a crash or a
    /// kill of the process (the default, <c>synchronous=NORMAL</c> in WAL mode). Costs one fsync per row.
    /// </summary>
    public bool FlushToDisk { get; init; }

    /// <summary>
    /// How long a finished row may wait, at most, for the rows finishing after it so that they share its transaction
    /// (when its step can wait: see <see cref="MakeDurable"/>). Longer means fewer, larger commits; the rows still count
    /// as done only once durable.
    /// </summary>
    public TimeSpan GroupCommitDelay { get; init; } = TimeSpan.FromMilliseconds(20);
}

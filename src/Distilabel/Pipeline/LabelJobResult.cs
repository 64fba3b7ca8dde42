namespace Distilabel.Pipeline;

/// <summary>What a labelling job did.</summary>
/// <param name="Rows">Rows finished.</param>
/// <param name="Failed">Rows finished with an error.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="OutputPath">The output file.</param>
/// <param name="Completed">Whether every input row was processed and the output written (false after an interruption).</param>
/// <param name="FailuresByKind">Failed rows by kind of error (e.g. "rate limited (429)", "unparsable answer").</param>
/// <param name="SkippedInputRows">Unreadable input rows skipped (with <see cref="LabelJobOptions.SkipBadRows"/>).</param>
public sealed record LabelJobResult(
    long Rows,
    long Failed,
    long InputTokens,
    long OutputTokens,
    TimeSpan Elapsed,
    string OutputPath,
    bool Completed,
    IReadOnlyDictionary<string, long> FailuresByKind,
    long SkippedInputRows)
{
    /// <summary>Rows labelled without error.</summary>
    public long Succeeded => Rows - Failed;

    /// <summary>Rows per second over the wall time.</summary>
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;

    /// <summary>Rows in the input (after <see cref="LabelJobOptions.Limit"/>).</summary>
    public long TotalRows { get; init; }

    /// <summary>The run journal, when the job kept one.</summary>
    public string? JournalPath { get; init; }

    /// <summary>Whether the journal was deleted at the end (<see cref="LabelJobOptions.JournalAfterSuccess"/>).</summary>
    public bool JournalDeleted { get; init; }

    /// <summary>Finished rows the journal held when the job started.</summary>
    public long JournalRowsAtStart { get; init; }

    /// <summary>Rows taken from the journal without asking the LLM.</summary>
    public long RowsFromJournal { get; init; }

    /// <summary>Journaled rows asked again because their input row changed since.</summary>
    public long JournalRowsInputChanged { get; init; }

    /// <summary>Journaled rows asked again because their entry was damaged.</summary>
    public long JournalRowsDamaged { get; init; }

    /// <summary>Failed journaled rows asked again (<see cref="LabelJobOptions.RetryFailed"/>).</summary>
    public long JournalRowsRetried { get; init; }

    /// <summary>Rows made durable in the journal by this job (finished rows of an interrupted job included).</summary>
    public long RowsJournaled { get; init; }

    /// <summary>The first failed row, as "row N: error", or null.</summary>
    public string? FirstFailure { get; init; }

    /// <summary>The first unreadable input row skipped (its file, line and problem), or null.</summary>
    public string? FirstSkippedRow { get; init; }
}

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
}

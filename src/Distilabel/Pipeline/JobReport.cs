namespace Distilabel.Pipeline;

/// <summary>
/// Everything a job did: the rows (<see cref="Result"/>, with failures by kind and the journal's counts), the
/// response cache, the retries, and how it ended (<see cref="Status"/>). The command line's summary tables and
/// <c>--summary-json</c> are drawn from it; <see cref="ToJson"/> is that JSON.
/// </summary>
/// <param name="Result">The rows: counts, failures by kind, tokens, the journal.</param>
/// <param name="Status">How the job ended.</param>
/// <param name="Title">The job's title (its steps, input and model).</param>
/// <param name="ErrorColumns">Where failed rows keep their error, in words.</param>
public sealed record JobReport(LabelJobResult Result, JobStatus Status, string Title, string ErrorColumns)
{
    /// <summary>The response cache, or null when the job ran without one.</summary>
    public ResponseCacheCounts? Cache { get; init; }

    /// <summary>Retries of LLM requests by kind of failure (e.g. "rate limited (429)"), over every LLM of the job.</summary>
    public IReadOnlyDictionary<string, long> RetriesByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>Retries of LLM requests in all.</summary>
    public long Retries => RetriesByKind.Values.Sum();

    /// <summary>The summary as indented JSON (the command line's <c>--summary-json</c>).</summary>
    public string ToJson() => JobReportJson.Write(this);
}

/// <summary>The response cache's file and its hits and misses over every LLM of a job.</summary>
public sealed record ResponseCacheCounts(string Path, long Hits, long Misses);

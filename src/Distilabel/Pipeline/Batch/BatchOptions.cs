namespace Distilabel.Pipeline.Batch;

/// <summary>How a job labels through the OpenAI Batch API (<see cref="BatchLabelJob"/>).</summary>
public sealed record BatchOptions
{
    /// <summary>Wait for the batches and collect them (the default); false submits and returns at once
    /// (<see cref="BatchJobReport.Waiting"/>): running the same job again later collects.</summary>
    public bool Wait { get; init; } = true;

    /// <summary>The first pause between two polls; it grows by half each poll without progress, up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between two polls.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Request lines per file at most (the API allows 50,000).</summary>
    public int MaxRequestsPerFile { get; init; } = 50_000;

    /// <summary>Bytes per file at most (the API allows 200 MB; older limits said 100 MB).</summary>
    public long MaxBytesPerFile { get; init; } = 190_000_000;

    /// <summary>The batches' progress (from their <c>request_counts</c>), after each poll.</summary>
    public IProgress<BatchProgress>? Progress { get; init; }

    /// <summary>The clock the pauses between polls run on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxRequestsPerFile is < 1 or > 50_000)
            throw new ArgumentOutOfRangeException(nameof(MaxRequestsPerFile), MaxRequestsPerFile, "a batch file holds 1 to 50,000 requests");
        if (MaxBytesPerFile is < 1 or > 200_000_000)
            throw new ArgumentOutOfRangeException(nameof(MaxBytesPerFile), MaxBytesPerFile, "a batch file holds at most 200 MB");
        if (PollInterval < TimeSpan.Zero || MaxPollInterval < PollInterval)
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "the poll interval must be at least zero and at most the longest poll interval");
    }
}

namespace Distilabel.Pipeline.Batch;

/// <summary>What a batch labelling job did (<see cref="BatchLabelJob.RunAsync"/>).</summary>
public sealed record BatchJobReport
{
    /// <summary>The labelling job's report once the batches were collected; null while they are still running.</summary>
    public JobReport? Job { get; init; }

    /// <summary>The job's batches as last seen (those waited for or collected by this run).</summary>
    public IReadOnlyList<BatchState> Batches { get; init; } = [];

    /// <summary>Batches this run created.</summary>
    public int BatchesCreated { get; init; }

    /// <summary>Request files this run uploaded.</summary>
    public int FilesUploaded { get; init; }

    /// <summary>Requests this run submitted.</summary>
    public long RequestsSubmitted { get; init; }

    /// <summary>Requests the collected batches answered (each recorded in the journal's <c>batch_requests</c> as <c>answered</c>).</summary>
    public long RequestsAnswered { get; init; }

    /// <summary>Requests the collected batches did not answer (failed, expired, cancelled).</summary>
    public long RequestsFailed { get; init; }

    /// <summary>The run journal holding the batch ids.</summary>
    public required string JournalPath { get; init; }

    /// <summary>Whether the batches are still running (submitted without waiting, or the wait was interrupted): run the same job again to collect.</summary>
    public bool Waiting => Job is null;

    /// <summary>Whether the wait was stopped by a token (Ctrl-C).</summary>
    public bool Interrupted { get; init; }

    /// <summary>How the job ended: the labelling's status once collected, <see cref="JobStatus.Interrupted"/> when the wait was stopped, else <see cref="JobStatus.Succeeded"/> (submitted).</summary>
    public JobStatus Status => Job?.Status ?? (Interrupted ? JobStatus.Interrupted : JobStatus.Succeeded);
}

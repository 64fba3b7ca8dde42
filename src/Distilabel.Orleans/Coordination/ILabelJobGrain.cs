using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Results;

namespace Distilabel.Orleans.Coordination;

/// <summary>
/// The coordinator of one job (key: the job id): its durable lease table. Every call is short; workers label outside
/// grain turns and only take leases, checkpoint and release here.
/// </summary>
[Alias("distilabel.label-job")]
public interface ILabelJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job over <paramref name="ranges"/> (null: every row of the spec). A job already started is left as it is.</summary>
    [Alias("start")]
    Task Start(ClusterJobSpec spec, List<RowSpan>? ranges);

    /// <summary>The submitter follows the job: where workers deliver, and where the job stands (leases of dead silos are reclaimed first).</summary>
    [Alias("follow")]
    Task<JobProgress> Follow(IRowSink sink);

    /// <summary>A lease for the worker of silo <paramref name="owner"/>, with what it needs to label it; null when nothing is left to hand out.</summary>
    [Alias("acquire")]
    Task<Assignment?> Acquire(string owner, int window);

    /// <summary>The rows of the lease below <paramref name="cursor"/> were delivered: renews the lease and extends its grant.</summary>
    [Alias("checkpoint")]
    Task<LeaseUpdate> Checkpoint(Guid leaseId, long cursor);

    /// <summary>The worker stops: its rows go back to the pool. With <paramref name="error"/>, the worker cannot label this job.</summary>
    [Alias("release")]
    Task Release(Guid leaseId, string owner, string? error);

    /// <summary>The submitter has every row (or gave up): the job's state is cleared.</summary>
    [Alias("finish")]
    Task Finish();

    /// <summary>The silo this coordinator runs on.</summary>
    [Alias("host")]
    Task<string> Host();
}

/// <summary>Rows [Start, End).</summary>
[GenerateSerializer, Alias("distilabel.row-span")]
public readonly record struct RowSpan([property: Id(0)] long Start, [property: Id(1)] long End);

/// <summary>A lease with the job it belongs to and where its rows go.</summary>
[GenerateSerializer, Alias("distilabel.assignment")]
public sealed record Assignment([property: Id(0)] ClusterJobSpec Spec, [property: Id(1)] Lease Lease, [property: Id(2)] IRowSink Sink);

/// <summary>Where a job stands, as its coordinator sees it.</summary>
/// <param name="Known">False when the coordinator holds no such job (it lost its state, or it ended): the submitter starts it again over the rows it misses.</param>
/// <param name="Remaining">Rows not yet delivered.</param>
/// <param name="Leases">Leases held now.</param>
/// <param name="Steals">Ranges split by idle workers so far.</param>
/// <param name="RowsReclaimed">Rows taken back from lost workers so far.</param>
/// <param name="Failure">Set when no live worker can label the job (each said why).</param>
[GenerateSerializer, Alias("distilabel.job-progress")]
public sealed record JobProgress(
    [property: Id(0)] bool Known,
    [property: Id(1)] long Remaining,
    [property: Id(2)] int Leases,
    [property: Id(3)] int Steals,
    [property: Id(4)] long RowsReclaimed,
    [property: Id(5)] string? Failure);

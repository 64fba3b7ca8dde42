namespace Distilabel.Orleans.Scheduling;

/// <summary>How a submitter follows its cluster job.</summary>
public sealed record ClusterSchedulerOptions
{
    /// <summary>How often the submitter asks the coordinator where the job stands (which also takes back the leases of dead silos).</summary>
    public TimeSpan FollowInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The job stops with a <see cref="ClusterJobException"/> when the cluster cannot be reached for this long.</summary>
    public TimeSpan Unreachable { get; init; } = TimeSpan.FromMinutes(2);
}

using Distilabel.Orleans.Jobs;

namespace Distilabel.Orleans.Coordination;

/// <summary>What a coordinator keeps in grain storage: the job and its lease table.</summary>
[GenerateSerializer, Alias("distilabel.job-state")]
public sealed class JobState
{
    [Id(0)] public ClusterJobSpec? Spec { get; set; }
    [Id(1)] public LeaseTable Table { get; set; } = new();

    /// <summary>Workers (by silo) that cannot label this job, with why.</summary>
    [Id(2)] public Dictionary<string, string> FailedWorkers { get; set; } = [];
}

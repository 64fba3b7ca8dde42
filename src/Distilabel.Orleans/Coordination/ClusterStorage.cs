namespace Distilabel.Orleans.Coordination;

/// <summary>The grain storage the coordinators and the job board persist to (memory on one machine, Redis on several).</summary>
public static class ClusterStorage
{
    /// <summary>The storage provider's name.</summary>
    public const string Name = "distilabel";
}

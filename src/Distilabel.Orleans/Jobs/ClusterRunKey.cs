using Distilabel.Pipeline.Journal;

namespace Distilabel.Orleans.Jobs;

/// <summary>A cluster job's run key: the task and generation options, without the model (each worker brings its own, recorded per row).</summary>
public static class ClusterRunKey
{
    /// <summary><paramref name="key"/> without its model components (<c>model</c>, <c>&lt;step&gt;.model</c>).</summary>
    public static RunKey WithoutModel(RunKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new RunKey(key.Components.Where(c => c.Key != "model" && !c.Key.EndsWith(".model", StringComparison.Ordinal)));
    }
}

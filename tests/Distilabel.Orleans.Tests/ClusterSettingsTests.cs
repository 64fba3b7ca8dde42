using Distilabel.Orleans.Hosting;
using Distilabel.Orleans.Jobs;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Orleans.Tests;

public sealed class ClusterSettingsTests
{
    [Fact]
    public void The_cluster_is_localhost_or_a_redis_address()
    {
        Assert.Equal(ClusteringKind.Localhost, ClusterSettings.Parse("localhost").Kind);
        var redis = ClusterSettings.Parse("redis://10.0.0.5:6379");
        Assert.Equal((ClusteringKind.Redis, "10.0.0.5:6379"), (redis.Kind, redis.Redis));
        var error = Assert.Throws<FormatException>(() => ClusterSettings.Parse("zookeeper://x"));
        Assert.Equal("'zookeeper://x' is not a cluster: use localhost (one machine) or redis://HOST:PORT (several)", error.Message);
    }

    [Fact]
    public void A_cluster_jobs_run_key_leaves_the_models_out_and_keeps_the_rest()
    {
        var key = new RunKey(new Dictionary<string, string> { ["task"] = "helpsteer", ["model"] = "a", ["label.model"] = "b", ["temperature"] = "0" });
        Assert.Equal(["task", "temperature"], ClusterRunKey.WithoutModel(key).Components.Keys.Order());
    }
}

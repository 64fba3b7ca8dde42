using Distilabel.Orleans.Coordination;
using Distilabel.Orleans.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Distilabel.Orleans.Hosting;

/// <summary>Makes an Orleans silo a Distilabel worker, and a client a Distilabel submitter.</summary>
public static class DistilabelClusterHosting
{
    /// <summary>Joins the cluster <paramref name="cluster"/> describes, with the job tables in its storage (memory on one machine, Redis on several).</summary>
    public static ISiloBuilder UseDistilabelCluster(this ISiloBuilder silo, ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(cluster);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = "distilabel";
        });
        switch (cluster.Kind)
        {
            case ClusteringKind.Localhost:
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, cluster.PrimarySiloPort), "distilabel", cluster.ClusterId);
                silo.AddMemoryGrainStorage(ClusterStorage.Name);
                break;
            case ClusteringKind.Redis:
                var redis = cluster.Redis ?? throw new ArgumentException("Redis clustering needs the Redis server's address", nameof(cluster));
                silo.UseRedisClustering(redis);
                silo.ConfigureEndpoints(cluster.Address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
                silo.AddRedisGrainStorage(ClusterStorage.Name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Kind, "unknown clustering");
        }

        if (cluster.FastFailureDetection)
            silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
        return silo;
    }

    /// <summary>Runs a worker on this silo: it takes leases of every job and labels their rows with its own LLM.</summary>
    public static ISiloBuilder AddDistilabelWorker(this ISiloBuilder silo, Action<WorkerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configure);
        silo.Services.Configure(configure);
        silo.Services.AddHostedService<LabelWorker>();
        return silo;
    }

    /// <summary>Connects a submitter to the cluster <paramref name="cluster"/> describes.</summary>
    public static IClientBuilder UseDistilabelCluster(this IClientBuilder client, ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cluster);
        switch (cluster.Kind)
        {
            case ClusteringKind.Localhost:
                client.UseLocalhostClustering([.. cluster.Gateways], "distilabel", cluster.ClusterId);
                break;
            case ClusteringKind.Redis:
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = "distilabel";
                });
                client.UseRedisClustering(cluster.Redis ?? throw new ArgumentException("Redis clustering needs the Redis server's address", nameof(cluster)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Kind, "unknown clustering");
        }

        return client;
    }

    /// <summary>Membership timings that declare a silo that stops answering dead within a few seconds.</summary>
    public static void FastFailureDetection(ClusterMembershipOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }
}

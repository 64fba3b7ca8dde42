using Distilabel.Orleans.Coordination;
using Distilabel.Orleans.Storage;
using global::Orleans.Serialization;
using global::Orleans.Storage;
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
                silo.Services.AddDistilabelFileStorage(cluster.StateFolder ?? DefaultStateFolder(cluster.ClusterId));
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
            silo.Services.AddFastFailureDetection();
        return silo;
    }

    /// <summary>Keeps the job tables in files under <paramref name="folder"/> (a cluster on one machine: they outlive any one silo).</summary>
    public static IServiceCollection AddDistilabelFileStorage(this IServiceCollection services, string folder)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        services.AddKeyedSingleton<IGrainStorage>(ClusterStorage.Name, (provider, _) => new FileGrainStorage(full, provider.GetRequiredService<Serializer>()));
        return services;
    }

    /// <summary>Where a localhost cluster keeps its job tables by default: a folder of the machine's temporary folder, per cluster id.</summary>
    public static string DefaultStateFolder(string clusterId) => Path.Combine(Path.GetTempPath(), "distilabel-cluster", clusterId);

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

    /// <summary>
    /// Declares a silo that stops answering dead within seconds, and gives up on a call to it after 5 s instead of 30 s
    /// (every Distilabel grain call is short: LLM calls never run inside one). Applied after any other configuration.
    /// </summary>
    public static IServiceCollection AddFastFailureDetection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.PostConfigure<ClusterMembershipOptions>(FastFailureDetection);
        services.PostConfigure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        return services;
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

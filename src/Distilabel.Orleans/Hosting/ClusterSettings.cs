using System.Net;

namespace Distilabel.Orleans.Hosting;

/// <summary>How silos and submitters find each other: <c>localhost</c> (one machine) or <c>redis://HOST:PORT</c> (several).</summary>
public sealed record ClusterSettings
{
    /// <summary>How membership is kept.</summary>
    public required ClusteringKind Kind { get; init; }

    /// <summary>The Redis server (StackExchange.Redis configuration, e.g. <c>10.0.0.5:6379</c>) for <see cref="ClusteringKind.Redis"/>.</summary>
    public string? Redis { get; init; }

    /// <summary>The address this silo listens on and advertises (default 127.0.0.1; with Redis, one the other machines reach).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>This silo's port for silo-to-silo traffic.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>This silo's port for submitters.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>With <see cref="ClusteringKind.Localhost"/>: the silo port of the first silo, which keeps the membership table.</summary>
    public int PrimarySiloPort { get; init; } = 11111;

    /// <summary>With <see cref="ClusteringKind.Localhost"/>: the gateway ports a submitter connects to.</summary>
    public IReadOnlyList<int> Gateways { get; init; } = [30000];

    /// <summary>With <see cref="ClusteringKind.Localhost"/>: the folder that keeps the job tables (default: <see cref="DistilabelClusterHosting.DefaultStateFolder"/>).</summary>
    public string? StateFolder { get; init; }

    /// <summary>Separates clusters sharing one Redis.</summary>
    public string ClusterId { get; init; } = "distilabel";

    /// <summary>Declare a silo that stops answering dead within seconds (tests, one machine) instead of Orleans' default of about half a minute.</summary>
    public bool FastFailureDetection { get; init; }

    /// <summary>Reads <c>localhost</c> or <c>redis://HOST:PORT</c>.</summary>
    /// <exception cref="FormatException">Neither: the message names the accepted forms.</exception>
    public static ClusterSettings Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return new ClusterSettings { Kind = ClusteringKind.Localhost };
        const string redis = "redis://";
        if (value.StartsWith(redis, StringComparison.OrdinalIgnoreCase) && value.Length > redis.Length)
            return new ClusterSettings { Kind = ClusteringKind.Redis, Redis = value[redis.Length..] };
        throw new FormatException($"'{value}' is not a cluster: use localhost (one machine) or redis://HOST:PORT (several)");
    }
}

/// <summary>How a cluster keeps its membership.</summary>
public enum ClusteringKind
{
    /// <summary>One machine: the first silo keeps the table (it must stay up).</summary>
    Localhost,

    /// <summary>Several machines: a Redis server keeps the table and the job's lease tables.</summary>
    Redis,
}

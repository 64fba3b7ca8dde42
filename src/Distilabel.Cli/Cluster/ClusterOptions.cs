using System.CommandLine;
using System.Net;
using Distilabel.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Distilabel.Cli.Cluster;

/// <summary>The options that say which cluster a command joins (<c>worker</c>) or submits to (<c>label --cluster</c>).</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Cluster { get; } = new("--cluster") { Description = "The cluster: localhost (silos on this machine) or redis://HOST:PORT (silos on several machines)." };

    public Option<int> SiloPort { get; } = new("--silo-port") { Description = "worker: this silo's port for the other silos.", DefaultValueFactory = _ => 11111 };

    public Option<int> GatewayPort { get; } = new("--gateway-port") { Description = "worker: this silo's port for submitters.", DefaultValueFactory = _ => 30000 };

    public Option<int> PrimaryPort { get; } = new("--primary-port") { Description = "localhost: the silo port of the first worker, which keeps the membership table.", DefaultValueFactory = _ => 11111 };

    public Option<string?> Address { get; } = new("--address") { Description = "worker with Redis: the address this silo listens on and advertises (default 127.0.0.1)." };

    public Option<int[]> Gateways { get; } = new("--gateways") { Description = "label with localhost: the workers' gateway ports (default 30000).", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true };

    public Option<string?> StateDir { get; } = new("--state-dir") { Description = "worker with localhost: the folder (shared by the workers) that keeps the job tables." };

    public Option<bool> FastFailureDetection { get; } = new("--fast-failure-detection") { Description = "worker: declare a silo that stops answering dead within seconds (one machine, tests)." };

    public void AddTo(Command command, bool worker)
    {
        command.Add(Cluster);
        if (worker)
        {
            command.Add(SiloPort);
            command.Add(GatewayPort);
            command.Add(Address);
            command.Add(StateDir);
            command.Add(FastFailureDetection);
        }
        else
        {
            command.Add(Gateways);
        }

        command.Add(PrimaryPort);
    }

    /// <summary>The cluster named on the command line, or null without <c>--cluster</c>.</summary>
    public ClusterSettings? Settings(ParseResult parse)
    {
        if (parse.GetValue(Cluster) is not { } value)
            return null;
        ClusterSettings settings;
        try
        {
            settings = ClusterSettings.Parse(value);
        }
        catch (FormatException e)
        {
            throw new UsageException("--cluster: " + e.Message);
        }

        var address = IPAddress.Loopback;
        if (parse.GetValue(Address) is { } text && !IPAddress.TryParse(text, out address))
            throw new UsageException($"--address: '{text}' is not an IP address");
        var gateways = parse.GetValue(Gateways) is { Length: > 0 } ports ? ports : [30000];
        return settings with
        {
            Address = address!,
            SiloPort = parse.GetValue(SiloPort),
            GatewayPort = parse.GetValue(GatewayPort),
            PrimarySiloPort = parse.GetValue(PrimaryPort),
            Gateways = gateways,
            StateFolder = parse.GetValue(StateDir),
            FastFailureDetection = parse.GetValue(FastFailureDetection),
        };
    }

    /// <summary>A connected client of the cluster; throws a <see cref="UsageException"/> naming <c>--cluster</c> when it cannot be reached.</summary>
    public static async Task<IHost> ConnectAsync(ClusterSettings settings, string name, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseDistilabelCluster(settings));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new UsageException($"--cluster {name}: cannot reach the cluster's workers ({e.Message.ReplaceLineEndings(" ")})");
        }
    }
}

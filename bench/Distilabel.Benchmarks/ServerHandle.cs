using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.AI;

namespace Distilabel.Benchmarks;

/// <summary>The latency server as the client sees it: a child process (default), in-process, or already running.</summary>
public sealed class ServerHandle : IAsyncDisposable
{
    private readonly Process? _child;
    private readonly LatencyServer? _inProcess;
    private readonly HttpClient _stats;
    private readonly InMemoryChatClient? _inMemory;

    private ServerHandle(InMemoryChatClient inMemory)
        : this("http://127.0.0.1/v1", null, null)
    {
        _inMemory = inMemory;
    }

    private ServerHandle(string baseUrl, Process? child, LatencyServer? inProcess)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        _child = child;
        _inProcess = inProcess;
        var origin = new Uri(new Uri(BaseUrl).GetLeftPart(UriPartial.Authority) + "/");
        _stats = new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string BaseUrl { get; }

    /// <summary>With <c>--no-http</c>: the chat client that stands in for SDK and server.</summary>
    public IChatClient? InMemoryClient => _inMemory;

    public string Kind => _inMemory is not null ? "none (in-memory chat client, no HTTP)" : _child is not null ? "separate process" : _inProcess is not null ? "in-process" : "external";

    public static async Task<ServerHandle> StartAsync(BenchOptions options)
    {
        if (options.NoHttp)
            return new ServerHandle(new InMemoryChatClient(options));
        if (options.ServerUrl is { } url)
            return new ServerHandle(url, null, null);
        if (options.InProcessServer)
        {
            var server = await LatencyServer.StartAsync(options).ConfigureAwait(false);
            return new ServerHandle(server.BaseUrl, null, server);
        }

        var args = new List<string> { "serve" };
        args.AddRange(options.ScenarioArguments());
        args.AddRange(["--server-max-seconds", options.ServerMaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var child = SelfProcess.Start(args, redirectStdin: true, redirectStdout: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try
        {
            line = await child.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line is null || !line.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            child.Kill(entireProcessTree: true);
            child.Dispose();
            throw new InvalidOperationException($"The server process did not report a loopback URL (got '{line}').");
        }

        return new ServerHandle(line, child, null);
    }

    public async Task<ServerStats> StatsAsync()
    {
        if (_inMemory is not null)
            return _inMemory.Stats();
        if (_inProcess is not null)
            return _inProcess.Stats();
        return await _stats.GetFromJsonAsync<ServerStats>("bench/stats").ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty stats");
    }

    public async ValueTask DisposeAsync()
    {
        _stats.Dispose();
        if (_inProcess is not null)
            await _inProcess.DisposeAsync().ConfigureAwait(false);
        if (_child is not null)
        {
            // Closing its stdin tells the server to stop.
            _child.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _child.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _child.Kill(entireProcessTree: true);
            }

            _child.Dispose();
        }
    }
}

/// <summary>Starts this same benchmark executable with other arguments.</summary>
public static class SelfProcess
{
    public static Process Start(IEnumerable<string> args, bool redirectStdin = false, bool redirectStdout = false)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("Unknown process path.");
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = redirectStdout,
        };
        // Under `dotnet Distilabel.Benchmarks.dll` the process is the dotnet host: pass the assembly again.
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the process.");
    }
}

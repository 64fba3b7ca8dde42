using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distilabel.Benchmarks;

/// <summary>
/// An OpenAI-compatible chat-completions server on <c>127.0.0.1</c> that answers every request with a valid HelpSteer
/// answer after a simulated LLM latency (fixed, or log-normal drawn from a seeded generator). Tuned to cost as
/// little as possible per request: Kestrel with HTTP/1.1 keep-alive only, no logging, no server header,
/// pre-serialised response bodies, the request body drained without parsing.
/// <c>GET /bench/stats</c> returns cumulative counters (<see cref="ServerStats"/>).
/// </summary>
public sealed class LatencyServer : IAsyncDisposable
{
    public const string ModelId = "bench-model";

    private readonly WebApplication _app;
    private readonly Counters _counters;

    private LatencyServer(WebApplication app, Uri origin, Counters counters)
    {
        _app = app;
        Origin = origin;
        _counters = counters;
    }

    /// <summary>E.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Origin { get; }

    /// <summary>The OpenAI base URL, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string BaseUrl => Origin + "v1";

    public ServerStats Stats() => _counters.Snapshot();

    public static async Task<LatencyServer> StartAsync(BenchOptions options)
    {
        var sampler = new LatencySampler(options);
        var counters = new Counters();
        var bodies = Enumerable.Range(0, 16).Select(CompletionBody).ToArray();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => connection =>
                {
                    Interlocked.Increment(ref counters.Connections);
                    return next(connection);
                });
            });
        });
        var app = builder.Build();

        app.MapPost("/v1/chat/completions", async (HttpContext ctx) =>
        {
            var inFlight = Interlocked.Increment(ref counters.InFlight);
            InterlockedMax(ref counters.MaxInFlight, inFlight);
            try
            {
                // Drain the request without parsing it (a real server would tokenise it; that cost is in the latency).
                var reader = ctx.Request.BodyReader;
                long bytes = 0;
                while (true)
                {
                    var read = await reader.ReadAsync(ctx.RequestAborted).ConfigureAwait(false);
                    bytes += read.Buffer.Length;
                    reader.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted)
                        break;
                }

                var start = Stopwatch.GetTimestamp();
                var number = Interlocked.Increment(ref counters.Requests);
                var latencyMs = sampler.NextMs();
                Interlocked.Add(ref counters.TargetMicros, (long)(latencyMs * 1000));
                Interlocked.Add(ref counters.RequestBytes, bytes);
                if (latencyMs > 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(latencyMs), ctx.RequestAborted).ConfigureAwait(false);
                Interlocked.Add(ref counters.HoldTicks, Stopwatch.GetTimestamp() - start);

                var body = bodies[number % bodies.Length];
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength = body.Length;
                await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
            finally
            {
                Interlocked.Decrement(ref counters.InFlight);
            }
        });
        app.MapGet("/v1/models", (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync($$"""{"object":"list","data":[{"id":"{{ModelId}}","object":"model","created":0,"owned_by":"bench"}]}""");
        });
        app.MapGet("/bench/stats", (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync(JsonSerializer.Serialize(counters.Snapshot()));
        });

        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        var origin = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        if (!IPAddress.TryParse(origin.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The benchmark server must listen on loopback only, not {address}.");
        }

        return new LatencyServer(app, origin, counters);
    }

    /// <summary>The <c>serve</c> mode: prints the base URL, then runs until stdin closes or the time limit passes.</summary>
    public static async Task<int> ServeAsync(BenchOptions options)
    {
        await using var server = await StartAsync(options).ConfigureAwait(false);
        Console.Out.WriteLine(server.BaseUrl);
        Console.Out.Flush();
        var stdinClosed = Task.Run(() =>
        {
            // Whoever started us holds our stdin: EOF means it has finished (or died).
            var buffer = new char[256];
            while (Console.In.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        });
        await Task.WhenAny(stdinClosed, Task.Delay(TimeSpan.FromSeconds(options.ServerMaxSeconds))).ConfigureAwait(false);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }

    /// <summary>A HelpSteer answer in the task's tagged format (16 variants of ratings).</summary>
    public static string AnswerText(int variant)
    {
        var r = Enumerable.Range(0, 5).Select(k => (variant + k * 3) % 5).ToArray();
        return $"<correctness>{r[0]}</correctness>\n<coherence>{r[1]}</coherence>\n<complexity>{r[2]}</complexity>\n<verbosity>{r[3]}</verbosity>\n<helpfulness>{r[4]}</helpfulness>";
    }

    /// <summary>A <c>chat.completion</c> whose content is a HelpSteer answer in the task's tagged format.</summary>
    private static byte[] CompletionBody(int variant)
    {
        var content = AnswerText(variant);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("id", $"chatcmpl-bench-{variant}");
            w.WriteString("object", "chat.completion");
            w.WriteNumber("created", 1_700_000_000);
            w.WriteString("model", ModelId);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", content);
            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", "stop");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", 420);
            w.WriteNumber("completion_tokens", 43);
            w.WriteNumber("total_tokens", 463);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private sealed class Counters
    {
        public long Requests;
        public long InFlight;
        public long MaxInFlight;
        public long Connections;
        public long TargetMicros;
        public long HoldTicks;
        public long RequestBytes;

        public ServerStats Snapshot()
        {
            using var self = Process.GetCurrentProcess();
            return new ServerStats(
                Interlocked.Read(ref Requests),
                Interlocked.Read(ref MaxInFlight),
                Interlocked.Read(ref Connections),
                Interlocked.Read(ref TargetMicros),
                (long)(Interlocked.Read(ref HoldTicks) * (1_000_000.0 / Stopwatch.Frequency)),
                Interlocked.Read(ref RequestBytes),
                (long)self.TotalProcessorTime.TotalMicroseconds,
                self.PeakWorkingSet64,
                System.Runtime.JitInfo.GetCompiledMethodCount());
        }
    }
}

/// <summary>Cumulative server counters (times in microseconds).</summary>
public sealed record ServerStats(
    long Requests,
    long MaxInFlight,
    long Connections,
    long TargetLatencyMicros,
    long HoldMicros,
    long RequestBytes,
    long CpuMicros,
    long PeakWorkingSetBytes,
    long JitMethods);

/// <summary>Draws simulated latencies: fixed, or log-normal (median × e^(σZ), Z standard normal) from a seeded generator.</summary>
public sealed class LatencySampler(BenchOptions options)
{
    private readonly Random _random = new(options.Seed);
    private readonly Lock _lock = new();
    private double? _spare;

    public double NextMs()
    {
        if (options.Distribution == LatencyDistribution.Fixed)
            return options.LatencyMs;
        double z;
        lock (_lock)
        {
            if (_spare is { } spare)
            {
                z = spare;
                _spare = null;
            }
            else
            {
                // Box-Muller: two independent standard normals from two uniforms.
                var u1 = 1.0 - _random.NextDouble();
                var u2 = _random.NextDouble();
                var radius = Math.Sqrt(-2.0 * Math.Log(u1));
                z = radius * Math.Cos(2 * Math.PI * u2);
                _spare = radius * Math.Sin(2 * Math.PI * u2);
            }
        }

        return options.LatencyMs * Math.Exp(options.Sigma * z);
    }
}

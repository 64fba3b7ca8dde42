using System.Diagnostics;
using System.Globalization;
using Distilabel.Llms;
using Distilabel.Orleans.Hosting;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Scheduling;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Distilabel.Benchmarks;

/// <summary>
/// <c>scale-out</c>: three silos on this machine (localhost clustering over loopback TCP, each worker with a third
/// of the concurrency) against one process at the same total concurrency, both labelling against the loopback
/// latency server; then the same three-silo job with one silo stopped a third of the way through, and how long its
/// rows took to be picked up by the others.
/// </summary>
/// <remarks>Usage: <c>scale-out [--rows N] [--concurrency C] [--latency-ms L]</c> (defaults 3000, 24, 50).</remarks>
public static class ScaleOutBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 3000;
        var concurrency = 24;
        var latency = 50.0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--latency-ms": latency = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}; usage: scale-out [--rows N] [--concurrency C] [--latency-ms L]"); return 2;
            }
        }

        var folder = Directory.CreateTempSubdirectory("distilabel-scale-out-").FullName;
        await using var server = await LatencyServer.StartAsync(new BenchOptions { LatencyMs = latency });
        var input = Path.Combine(folder, "in.jsonl");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, rows).Select(i => $$"""{"id":{{i}},"prompt":"question {{i}}","response":"answer {{i}}"}"""));
        var limit = concurrency / (latency / 1000);
        Console.WriteLine($"scale-out: {rows} rows, total concurrency {concurrency}, latency {latency} ms (limit {limit:F0} rows/s); {Environment.ProcessorCount} cores, shared with other work");

        var llm = new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = LatencyServer.ModelId };
        var task = LlmTaskDefinition.Of<HelpSteer>();

        // One process.
        using (var client = await LlmClients.CreateAsync(llm))
        {
            var pipeline = new LabellingPipeline(task, client, new PipelineOptions { Concurrency = concurrency });
            await LabelJob.RunAsync(pipeline, new LabelJobOptions { InputPath = input, OutputPath = Path.Combine(folder, "warm.jsonl"), Limit = 500 });
            var clock = Stopwatch.StartNew();
            await LabelJob.RunAsync(pipeline, new LabelJobOptions { InputPath = input, OutputPath = Path.Combine(folder, "single.jsonl") });
            Report("one process", rows, clock.Elapsed, limit);
        }

        // Three silos, one submitter.
        var state = Path.Combine(folder, "state");
        var silos = new List<IHost>();
        for (var s = 0; s < 3; s++)
            silos.Add(await StartSiloAsync(s, llm, concurrency / 3, state));
        using var submitter = await StartClientAsync();
        var cluster = submitter.Services.GetRequiredService<IClusterClient>();
        var options = new PipelineOptions { Concurrency = concurrency };
        var flow = new LabellingPipeline(task, new ClusterLabeller(), options).Flow;
        ClusterRowScheduler Scheduler() => new(cluster, task, GenerationSpec.From(options), InputSpec.From(input, null, false), new ClusterSchedulerOptions { FollowInterval = TimeSpan.FromMilliseconds(200) });

        await LabelJob.RunAsync(flow, new LabelJobOptions { InputPath = input, OutputPath = Path.Combine(folder, "warm-cluster.jsonl"), Limit = 500, Scheduler = Scheduler() });
        var timer = Stopwatch.StartNew();
        await LabelJob.RunAsync(flow, new LabelJobOptions { InputPath = input, OutputPath = Path.Combine(folder, "cluster.jsonl"), Scheduler = Scheduler() });
        Report("three silos", rows, timer.Elapsed, limit);
        // The latency server picks its answer by request number, so only the rows' order is compared here (the tests
        // compare bytes against a server whose answer depends on the row).
        var ids = File.ReadLines(Path.Combine(folder, "cluster.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt32());
        Console.WriteLine($"  every row once, in input order: {ids.SequenceEqual(Enumerable.Range(0, rows))}");

        // A silo lost a third of the way through: its rows go back to the pool and the others take them.
        var lossScheduler = Scheduler();
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Progress(p =>
        {
            if (p.Completed >= rows / 3)
                lost.TrySetResult();
        });
        timer.Restart();
        var requestsBefore = server.Stats().Requests;
        var run = LabelJob.RunAsync(flow, new LabelJobOptions { InputPath = input, OutputPath = Path.Combine(folder, "cluster-lost.jsonl"), Scheduler = lossScheduler }, progress);
        await lost.Task;
        var killedAt = timer.Elapsed;
        await silos[2].StopAsync(new CancellationToken(canceled: true));
        silos[2].Dispose();
        var result = await run;
        var total = timer.Elapsed;
        var repeated = server.Stats().Requests - requestsBefore - rows;
        Report("three silos, one lost at 1/3", result.Rows, total, limit);
        Console.WriteLine($"  silo stopped at {killedAt.TotalSeconds:F2} s; job done {(total - killedAt).TotalSeconds:F2} s later; rows asked again: {repeated}; rows taken back from the lost silo: {lossScheduler.LastProgress?.RowsReclaimed ?? 0} (a stopped silo gives its leases back itself)");

        foreach (var silo in silos.Take(2))
        {
            await silo.StopAsync();
            silo.Dispose();
        }

        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static void Report(string name, long rows, TimeSpan elapsed, double limit)
    {
        var rate = rows / elapsed.TotalSeconds;
        Console.WriteLine($"  {name,-30} {rows,7} rows in {elapsed.TotalSeconds,6:F2} s: {rate,7:F0} rows/s ({rate / limit:P0} of the limit)");
    }

    private static async Task<IHost> StartSiloAsync(int index, LlmSettings llm, int concurrency, string state)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseDistilabelCluster(new ClusterSettings
            {
                Kind = ClusteringKind.Localhost,
                SiloPort = 21111 + index,
                GatewayPort = 40000 + index,
                PrimarySiloPort = 21111,
                StateFolder = state,
                FastFailureDetection = true,
            })
            .AddDistilabelWorker(w =>
            {
                w.Llm = llm;
                w.Concurrency = concurrency;
                w.IdlePoll = TimeSpan.FromMilliseconds(100);
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseDistilabelCluster(new ClusterSettings { Kind = ClusteringKind.Localhost, Gateways = [40000, 40001, 40002] }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private sealed class Progress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}

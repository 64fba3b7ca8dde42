using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Distilabel.Argilla;
using Distilabel.Tasks;
using Distilabel.Testing.Argilla;

namespace Distilabel.Benchmarks;

/// <summary>
/// <c>argilla-push [--records N] [--in-process-server]</c>: pushes N labelled HelpSteer rows (generated on the fly, never
/// held in a list) to the loopback Argilla fake, by default in a separate process (<c>argilla-serve</c>), and reports
/// records/s and the client's memory: peak working set and the live GC heap after a full GC at N/4, N/2 and N.
/// </summary>
public static class ArgillaPushBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = 100_000L;
        var inProcess = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--records": records = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--in-process-server": inProcess = true; break;
                default: throw new ArgumentException($"argilla-push: unknown option {args[i]} (options: --records N, --in-process-server)");
            }
        }

        FakeArgilla? local = null;
        Process? child = null;
        string url;
        if (inProcess)
        {
            local = await FakeArgilla.StartAsync();
            local.LogRequests = false;
            url = local.ApiUrl;
        }
        else
        {
            child = SelfProcess.Start(["argilla-serve"], redirectStdin: true, redirectStdout: true);
            url = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("argilla-serve printed no URL.");
        }

        try
        {
            using var client = new ArgillaClient(new ArgillaClientOptions { ApiUrl = url, ApiKey = FakeArgilla.OwnerApiKey });
            var heaps = new List<(long Sent, double MiB)>();
            var checkpoints = new Queue<long>([records / 4, records / 2]);
            var progress = new Reporter<ArgillaPushProgress>(p =>
            {
                if (checkpoints.TryPeek(out var next) && p.RecordsSent >= next)
                {
                    checkpoints.Dequeue();
                    heaps.Add((p.RecordsSent, HeapMiB()));
                }
            });
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var summary = await Rows(records).ToArgilla(Distilabel.LlmTaskDefinition.Of<HelpSteer>())
                .PushToArgillaAsync(client, "bench-push", "admin", new ArgillaPushOptions { Progress = progress });
            clock.Stop();
            heaps.Add((summary.RecordsPushed, HeapMiB()));
            var process = Process.GetCurrentProcess();
            var cpuPerRecord = (process.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / records;
            var pulled = await client.PullAsync("bench-push", "admin");
            var stored = 0L;
            await foreach (var _ in pulled.Rows)
                stored++;

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                argilla-push: {summary.RecordsPushed:N0} records in {clock.Elapsed.TotalSeconds:0.0} s = {summary.RecordsPushed / clock.Elapsed.TotalSeconds:N0} records/s ({(inProcess ? "in-process" : "separate-process")} fake)
                client CPU: {cpuPerRecord:0} µs/record
                client peak working set: {process.PeakWorkingSet64 / 1048576.0:0.0} MiB
                client GC heap after a full GC: {string.Join(", ", heaps.Select(h => $"{h.MiB:0.0} MiB at {h.Sent:N0}"))}
                records on the server (read back): {stored:N0}
                """));
            return stored == records ? 0 : 1;
        }
        finally
        {
            if (local is not null)
                await local.DisposeAsync();
            if (child is not null)
            {
                child.StandardInput.Close();
                await child.WaitForExitAsync();
                child.Dispose();
            }
        }
    }

    /// <summary><c>argilla-serve</c>: the fake on a free loopback port; prints its URL, stops when stdin closes.</summary>
    public static async Task<int> ServeAsync()
    {
        await using var fake = await FakeArgilla.StartAsync();
        fake.LogRequests = false;
        Console.WriteLine(fake.ApiUrl);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static double HeapMiB()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
    }

    /// <summary>Labelled rows as `distilabel label` writes them: 512-char prompt, 1,024-char response, five ratings.</summary>
    private static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Rows(long count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filler = new string('x', 1024);
        for (var i = 0L; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = i.ToString(CultureInfo.InvariantCulture);
            yield return new Dictionary<string, object?>
            {
                ["prompt"] = id + filler[..(512 - id.Length)],
                ["response"] = filler,
                ["correctness"] = i % 5,
                ["coherence"] = (i + 1) % 5,
                ["complexity"] = (i + 2) % 5,
                ["verbosity"] = (i + 3) % 5,
                ["helpfulness"] = (i + 4) % 5,
                ["labelling_model"] = "bench-model",
                ["raw_labelling_response"] = "<correctness>…",
                ["labelling_error"] = null,
            };
            if (i % 500 == 0)
                await Task.Yield();
        }
    }

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

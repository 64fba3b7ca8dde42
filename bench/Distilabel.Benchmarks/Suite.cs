using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Distilabel.Benchmarks;

/// <summary>The matrix. Each scenario runs in a fresh client process (so the peak working set is its own),
/// which starts its own server process.</summary>
public static class Suite
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        BenchOptions Scenario(long rows, int concurrency, LatencyDistribution distribution, string? output = null) => new()
        {
            Rows = rows,
            Concurrency = concurrency,
            LatencyMs = 100,
            Distribution = distribution,
            Sigma = 0.5,
            Seed = options.Seed,
            PromptChars = options.PromptChars,
            ResponseChars = options.ResponseChars,
            WarmupRows = options.WarmupRows,
            Output = output,
        };

        var scenarios = new List<BenchOptions>
        {
            Scenario(10_000, 64, LatencyDistribution.Fixed),
            Scenario(100_000, 64, LatencyDistribution.Fixed),
            Scenario(10_000, 64, LatencyDistribution.LogNormal),
            Scenario(1_000, 4, LatencyDistribution.Fixed),
        };
        if (options.SuiteNullSink)
            scenarios.Add(Scenario(10_000, 64, LatencyDistribution.Fixed, BenchOptions.NullOutput));

        var results = new List<BenchResult>();
        var directory = Directory.CreateTempSubdirectory("distilabel-bench-");
        try
        {
            foreach (var scenario in scenarios)
            {
                var resultPath = Path.Combine(directory.FullName, $"result-{results.Count}.json");
                var args = new List<string> { "run" };
                args.AddRange(scenario.ScenarioArguments());
                args.AddRange(["--result-json", resultPath]);
                using var child = SelfProcess.Start(args);
                await child.WaitForExitAsync().ConfigureAwait(false);
                if (child.ExitCode != 0)
                {
                    ClientRun.Log($"scenario failed with exit code {child.ExitCode}");
                    return child.ExitCode;
                }

                results.Add(JsonSerializer.Deserialize<BenchResult>(await File.ReadAllTextAsync(resultPath).ConfigureAwait(false))
                    ?? throw new InvalidOperationException("empty result"));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var table = Table(results);
        Console.WriteLine(table);
        if (options.Markdown is { } markdown)
            await File.WriteAllTextAsync(markdown, table).ConfigureAwait(false);
        return 0;
    }

    public static string Table(IReadOnlyList<BenchResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| Scenario | N | C | rows/s | limit | % of limit | client CPU µs/row | peak WS MiB | GC heap mid-run MiB | GC heap after MiB | alloc KiB/row | pipeline-seen latency ms | server CPU µs/req | failed |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Latency}, {r.Sink} | {r.Rows:N0} | {r.Concurrency} | {r.RowsPerSecond:0.0} | {r.LimitRowsPerSecond:0.0} | {r.FractionOfLimit * 100:0.0}% | {r.ClientCpuMicrosPerRow:0} | {r.ClientPeakWorkingSetMiB:0.0} | {r.GcHeapMidRunMiB:0.0} | {r.GcHeapAfterRunMiB:0.0} | {r.AllocatedKiBPerRow:0.0} | {r.ClientObservedMeanLatencyMs:0.0} | {r.ServerCpuMicrosPerRequest:0} | {r.FailedRows} |"));
        }

        return text.ToString();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks;

namespace Distilabel.Benchmarks.Compare;

/// <summary>
/// The side-by-side measurement, in one process: the CLI-equivalent job (<see cref="LabelJob"/> with the
/// journal on, the CLI's retrying OpenAI-compatible client, JSONL in, Parquet out) against <see cref="HandWrittenLoop"/>,
/// on the same input file and the same loopback server, alternating run by run so both see the same machine load.
/// Two latency scenarios (zero, and log-normal median 100 ms σ 0.5), each with its own server process; medians of
/// the repeats are printed as a Markdown table.
/// </summary>
public static class ComparisonRun
{
    private const string Ours = "distilabel (journal on)";
    private const string NoJournal = "distilabel (journal off)";
    private const string Loop = "hand-written loop";
    private const string SwitchPrefix = "journal on, switch ";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var rows = options.Rows;
        var work = Directory.CreateTempSubdirectory("distilabel-compare-");
        try
        {
            var input = Path.Combine(work.FullName, "input.jsonl");
            await WriteInputAsync(input, rows, options).ConfigureAwait(false);
            var warmupInput = Path.Combine(work.FullName, "warmup.jsonl");
            await WriteInputAsync(warmupInput, Math.Min(rows, 3_200), options).ConfigureAwait(false);

            var summaries = new List<Summary>();
            var scenarios = new List<BenchOptions>();
            if (!options.LogNormalOnly)
                scenarios.Add(options with { LatencyMs = 0, Distribution = LatencyDistribution.Fixed });
            if (!options.ZeroLatencyOnly)
                scenarios.Add(options with { LatencyMs = 100, Distribution = LatencyDistribution.LogNormal, Sigma = 0.5 });
            foreach (var scenario in scenarios)
            {
                await using var server = await ServerHandle.StartAsync(scenario with { NoHttp = false, InProcessServer = false }).ConfigureAwait(false);
                ClientRun.Log($"{scenario.LatencyLabel}: {rows} rows, C={scenario.Concurrency}, {options.Repeats} repeats, server at {server.BaseUrl}");
                var contenders = new List<string> { Ours };
                contenders.AddRange(options.Switches.Select(name => SwitchPrefix + name));
                if (options.WithoutJournalToo)
                    contenders.Add(NoJournal);
                contenders.Add(Loop);
                var measured = contenders.ToDictionary(c => c, _ => new List<Measurement>());

                // Warm-up (tiered JIT and PGO, connection pools) of every contender, not measured: at zero latency several
                // rounds on the whole input, so each contender's code runs long enough to reach its optimized tier.
                var warmups = scenario.LatencyMs == 0 ? Math.Max(1, options.WarmupRounds) : 1;
                for (var round = 0; round < warmups; round++)
                {
                    foreach (var who in contenders)
                        await MeasureAsync(who, scenario, server, scenario.LatencyMs == 0 ? input : warmupInput, work.FullName).ConfigureAwait(false);
                }
                for (var repeat = 0; repeat < options.Repeats; repeat++)
                {
                    // Alternate who goes first, so a load spike does not always hit the same contender.
                    foreach (var who in repeat % 2 == 0 ? contenders : Enumerable.Reverse(contenders))
                    {
                        var m = await MeasureAsync(who, scenario, server, input, work.FullName).ConfigureAwait(false);
                        ClientRun.Log($"  {who}: {m.Seconds:0.00} s, {m.CpuMicrosPerRow:0} µs/row CPU, server {m.ServerCpuMicrosPerRow:0} µs/row, {m.RequestBytesPerRow:0} B/request, {m.AllocatedKiBPerRow:0.0} KiB/row, GC pause {m.GcPauseFraction:0%}, journal {m.JournalBytesPerRow:0} B/row, load {m.LoadAverage:0.0}");
                        measured[who].Add(m);
                    }
                }

                foreach (var (who, list) in measured)
                    summaries.Add(new Summary(scenario, who, list));
            }

            var table = Table(summaries, options);
            Console.WriteLine(table);
            if (options.Markdown is { } markdown)
                await File.WriteAllTextAsync(markdown, table).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<Measurement> MeasureAsync(string who, BenchOptions scenario, ServerHandle server, string input, string folder)
    {
        var baseUrl = server.BaseUrl;
        var output = Path.Combine(folder, who == Loop ? "out.jsonl" : "out.parquet");
        var journal = Path.Combine(folder, "out.journal.db");
        File.Delete(output);
        foreach (var side in new[] { journal, journal + "-wal", journal + "-shm" })
            File.Delete(side);
        var count = File.ReadLines(input).LongCount();
        // A switch contender sets its AppContext switch; every other contender runs with all switches cleared.
        var set = who.StartsWith(SwitchPrefix, StringComparison.Ordinal) ? who[SwitchPrefix.Length..].Split('+') : [];
        foreach (var name in scenario.Switches.SelectMany(s => s.Split('+')))
            AppContext.SetSwitch(name, set.Contains(name));
        using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(120 + 10 * count / Math.Min(scenario.LimitRowsPerSecond, 1_000)));

        var serverBefore = await server.StatsAsync().ConfigureAwait(false);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        long failed;
        if (who != Loop)
        {
            // What `distilabel label --llm openai-compatible --journal …` builds (retries included; no response cache).
            var llm = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = baseUrl, Model = LatencyServer.ModelId }, cancellationToken: abort.Token).ConfigureAwait(false);
            var pipeline = new LabellingPipeline(LlmTaskDefinition.Of<HelpSteer>(), llm, new PipelineOptions { Concurrency = scenario.Concurrency, Temperature = 0 });
            var result = await LabelJob.RunAsync(pipeline, new LabelJobOptions { InputPath = input, OutputPath = output, JournalPath = who == NoJournal ? null : journal }, new LastProgress(), abortToken: abort.Token).ConfigureAwait(false);
            if (!result.Completed || result.Rows != count)
                throw new InvalidOperationException($"the job labelled {result.Rows} of {count} rows");
            failed = result.Failed;
        }
        else
        {
            failed = await HandWrittenLoop.RunAsync(baseUrl, LatencyServer.ModelId, scenario.Concurrency, input, output, abort.Token).ConfigureAwait(false);
        }

        clock.Stop();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var serverAfter = await server.StatsAsync().ConfigureAwait(false);
        var paused = GC.GetTotalPauseDuration() - pauseBefore;
        if (failed != 0)
            throw new InvalidOperationException($"{who}: {failed} rows failed");
        long journalBytes = 0;
        foreach (var side in new[] { journal, journal + "-wal" })
            journalBytes += File.Exists(side) ? new FileInfo(side).Length : 0;
        return new Measurement(
            clock.Elapsed.TotalSeconds,
            cpu.TotalMicroseconds / count,
            allocated / 1024.0 / count,
            count / clock.Elapsed.TotalSeconds / scenario.LimitRowsPerSecond,
            journalBytes / (double)count,
            (serverAfter.CpuMicros - serverBefore.CpuMicros) / (double)count,
            (serverAfter.RequestBytes - serverBefore.RequestBytes) / (double)Math.Max(1, serverAfter.Requests - serverBefore.Requests),
            paused / clock.Elapsed,
            LoadAverage());
    }

    /// <summary>HelpSteer-shaped rows (id, prompt, response of the configured sizes), the same text as the other scenarios.</summary>
    private static async Task WriteInputAsync(string path, long rows, BenchOptions options)
    {
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file);
        for (long id = 0; id < rows; id++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("prompt", ClientRun.Text("Question", id, options.PromptChars));
            json.WriteString("response", ClientRun.Text("Answer", id, options.ResponseChars));
            json.WriteEndObject();
            await json.FlushAsync().ConfigureAwait(false);
            file.WriteByte((byte)'\n');
            json.Reset();
        }
    }

    private static string Table(List<Summary> summaries, BenchOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{options.Rows:N0} rows, C = {options.Concurrency}, {Environment.ProcessorCount} cores, medians of {options.Repeats} runs (each contender alternately, same server)");
        text.AppendLine();
        text.AppendLine("| Latency | Contender | wall s | × loop wall | client CPU µs/row | × loop CPU | fraction of C/L | alloc KiB/row | GC pause | journal B/row | server CPU µs/row | request B | load avg |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in summaries.GroupBy(s => s.Scenario.LatencyLabel))
        {
            var loop = group.Single(s => s.Who == Loop);
            foreach (var s in group)
            {
                var fraction = s.Scenario.LatencyMs == 0 ? "–" : s.Median(m => m.FractionOfLimit).ToString("0.000", CultureInfo.InvariantCulture);
                var label = s.Scenario.LatencyMs == 0 ? "zero" : s.Scenario.LatencyLabel;
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {s.Who} | {s.Median(m => m.Seconds):0.00} | {s.Median(m => m.Seconds) / loop.Median(m => m.Seconds):0.00} | {s.Median(m => m.CpuMicrosPerRow):0} | {s.Median(m => m.CpuMicrosPerRow) / loop.Median(m => m.CpuMicrosPerRow):0.00} | {fraction} | {s.Median(m => m.AllocatedKiBPerRow):0.0} | {s.Median(m => m.GcPauseFraction):0%} | {s.Median(m => m.JournalBytesPerRow):0} | {s.Median(m => m.ServerCpuMicrosPerRow):0} | {s.Median(m => m.RequestBytesPerRow):0} | {s.Median(m => m.LoadAverage):0.0} |"));
            }
        }

        return text.ToString();
    }

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private sealed record Measurement(double Seconds, double CpuMicrosPerRow, double AllocatedKiBPerRow, double FractionOfLimit, double JournalBytesPerRow, double ServerCpuMicrosPerRow, double RequestBytesPerRow, double GcPauseFraction, double LoadAverage);

    private sealed record Summary(BenchOptions Scenario, string Who, List<Measurement> Runs)
    {
        public double Median(Func<Measurement, double> metric)
        {
            var sorted = Runs.Select(metric).Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    /// <summary>What the CLI's progress display keeps: the last snapshot.</summary>
    private sealed class LastProgress : IProgress<PipelineProgress>
    {
        private PipelineProgress? _last;

        public void Report(PipelineProgress value) => _last = value;

        public override string ToString() => _last?.ToString() ?? "";
    }
}

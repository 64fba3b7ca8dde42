using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Microsoft.Extensions.AI;

namespace Distilabel.Benchmarks;

/// <summary>One scenario: warm up, then label N generated rows through the real OpenAI SDK client and the pipeline,
/// streaming them to a JSONL file (or a null sink), and measure this process.</summary>
public static class ClientRun
{
    private static readonly string[] Words =
    [
        "the", "model", "answer", "dataset", "label", "quality", "response", "prompt",
        "rating", "helpful", "accurate", "concise", "detail", "context", "example", "reason",
    ];

    public static async Task<BenchResult> RunAsync(BenchOptions options)
    {
        await using var server = await ServerHandle.StartAsync(options).ConfigureAwait(false);
        var timing = new TimingChatClient(server.InMemoryClient ?? OpenAIChatClients.CreateCompatible(server.BaseUrl, LatencyServer.ModelId));
        var pipeline = LabellingPipeline.For<HelpSteer>(timing, new PipelineOptions { Concurrency = options.Concurrency, ReorderWindow = options.ReorderWindow });
        var output = options.Output ?? Path.Combine(Path.GetTempPath(), $"distilabel-bench-{Environment.ProcessId}.jsonl");
        var nullSink = string.Equals(output, BenchOptions.NullOutput, StringComparison.OrdinalIgnoreCase);
        Log($"{options.Rows} rows, C={options.Concurrency}, reorder window {pipeline.Options.ReorderWindow?.ToString(CultureInfo.InvariantCulture) ?? "default"}, {options.LatencyLabel}, server {server.Kind} at {server.BaseUrl}, output {(nullSink ? "null sink" : output)}");

        // Warm-up: the connection pool, the thread pool and above all tiered JIT (tier 0 → instrumented → tier 1 with
        // PGO), which costs seconds of CPU in both processes. Rounds repeat until one compiles almost nothing new.
        var warmupRows = options.EffectiveWarmupRows;
        var warmupRounds = 0;
        var warmupClock = Stopwatch.StartNew();
        while (warmupRows > 0 && warmupRounds < options.MaxWarmupRounds)
        {
            var jitBefore = JitInfo.GetCompiledMethodCount() + (await server.StatsAsync().ConfigureAwait(false)).JitMethods;
            var warmupOutput = nullSink ? null : output + ".warmup.jsonl";
            await LabelAsync(pipeline, options, warmupRows, warmupOutput, midpoint: null).ConfigureAwait(false);
            if (warmupOutput is not null)
                File.Delete(warmupOutput);
            warmupRounds++;
            var compiled = JitInfo.GetCompiledMethodCount() + (await server.StatsAsync().ConfigureAwait(false)).JitMethods - jitBefore;
            Log($"warm-up round {warmupRounds}: {warmupRows} rows, {compiled} methods JIT-compiled (client + server)");
            if (compiled <= options.WarmupJitThreshold)
                break;
        }

        warmupClock.Stop();
        var jitMethodsBefore = JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = JitInfo.GetCompilationTime();

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gcBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var serverBefore = await server.StatsAsync().ConfigureAwait(false);
        var loadBefore = LoadAverage();
        timing.Reset();

        long midHeap = 0;
        double midPauseMs = 0;
        var outcome = await LabelAsync(pipeline, options, options.Rows, nullSink ? null : output, midpoint: () =>
        {
            // Live heap while the window is full: a blocking compacting full GC, then what survived.
            var start = Stopwatch.GetTimestamp();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            midHeap = GC.GetTotalMemory(forceFullCollection: false);
            midPauseMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }).ConfigureAwait(false);

        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gcCounts = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - gcBefore[g]).ToArray();
        var serverAfter = await server.StatsAsync().ConfigureAwait(false);
        var loadAfter = LoadAverage();
        var jitMethods = JitInfo.GetCompiledMethodCount() - jitMethodsBefore;
        var jitTime = JitInfo.GetCompilationTime() - jitTimeBefore;
        var peakWorkingSet = self.PeakWorkingSet64;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        long outputBytes = 0;
        if (!nullSink)
        {
            outputBytes = new FileInfo(output).Length;
            if (options.Output is null)
                File.Delete(output);
        }

        var requests = serverAfter.Requests - serverBefore.Requests;
        var seconds = outcome.Elapsed.TotalSeconds;
        var result = new BenchResult
        {
            Rows = options.Rows,
            Concurrency = options.Concurrency,
            Latency = options.LatencyLabel,
            Sink = nullSink ? "null" : "jsonl",
            ServerKind = server.Kind,
            NominalMeanLatencyMs = options.MeanLatencyMs,
            SampledMeanLatencyMs = requests == 0 ? 0 : (serverAfter.TargetLatencyMicros - serverBefore.TargetLatencyMicros) / 1000.0 / requests,
            ServerHoldMeanMs = requests == 0 ? 0 : (serverAfter.HoldMicros - serverBefore.HoldMicros) / 1000.0 / requests,
            ClientObservedMeanLatencyMs = timing.MeanLatencyMs,
            ClientMaxInFlight = timing.MaxInFlight,
            ServerMaxInFlight = serverAfter.MaxInFlight,
            Connections = serverAfter.Connections,
            Seconds = seconds,
            RowsPerSecond = options.Rows / seconds,
            LimitRowsPerSecond = options.LimitRowsPerSecond,
            EffectiveConcurrency = timing.TotalLatencyMs / 1000.0 / seconds,
            ClientCpuMicrosPerRow = cpu.TotalMicroseconds / options.Rows,
            ServerCpuMicrosPerRequest = requests == 0 ? 0 : (serverAfter.CpuMicros - serverBefore.CpuMicros) / (double)requests,
            ClientPeakWorkingSetMiB = peakWorkingSet / 1048576.0,
            ServerPeakWorkingSetMiB = serverAfter.PeakWorkingSetBytes / 1048576.0,
            GcHeapMidRunMiB = midHeap / 1048576.0,
            GcPauseMidRunMs = midPauseMs,
            GcHeapAfterRunMiB = heapAfter / 1048576.0,
            AllocatedKiBPerRow = allocated / 1024.0 / options.Rows,
            Gen0 = gcCounts[0],
            Gen1 = gcCounts[1],
            Gen2 = gcCounts[2],
            FailedRows = outcome.Failed,
            InOrder = outcome.InOrder,
            OutputBytes = outputBytes,
            ThreadPoolThreads = ThreadPool.ThreadCount,
            RequestBytesPerRequest = requests == 0 ? 0 : (serverAfter.RequestBytes - serverBefore.RequestBytes) / (double)requests,
            ProcessorCount = Environment.ProcessorCount,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = loadAfter,
            WarmupRounds = warmupRounds,
            WarmupRowsPerRound = warmupRows,
            WarmupSeconds = warmupClock.Elapsed.TotalSeconds,
            ClientJitMethods = jitMethods,
            ClientJitMs = jitTime.TotalMilliseconds,
            ServerJitMethods = serverAfter.JitMethods - serverBefore.JitMethods,
        };
        if (outcome.Count != options.Rows)
            throw new InvalidOperationException($"Labelled {outcome.Count} rows, expected {options.Rows}.");
        return result;
    }

    /// <summary>Labels <paramref name="count"/> generated rows; the only consumer-side work is the sink.</summary>
    private static async Task<Outcome> LabelAsync(LabellingPipeline pipeline, BenchOptions options, long count, string? output, Action? midpoint)
    {
        // Bounded in time: far above the expected duration, but a stuck run ends.
        using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(60 + 5 * count / options.LimitRowsPerSecond));
        var progress = new LastProgress();
        var clock = Stopwatch.StartNew();
        long done = 0, failed = 0;
        var inOrder = true;
        using var reporter = new Timer(_ => Log($"  {Interlocked.Read(ref done)}/{count} rows, {Interlocked.Read(ref done) / clock.Elapsed.TotalSeconds:0} rows/s"), null, 5000, 5000);
        await using (var writer = output is null ? null : DatasetFiles.CreateWriter(output))
        {
            await foreach (var row in pipeline.RunAsync(GenerateRows(count, options.PromptChars, options.ResponseChars, abort.Token), progress, count, abortToken: abort.Token).ConfigureAwait(false))
            {
                if (writer is not null)
                    await writer.WriteAsync(row.Values, abort.Token).ConfigureAwait(false);
                if (row.Index != done)
                    inOrder = false;
                if (!row.Succeeded)
                    failed++;
                Interlocked.Increment(ref done);
                if (done == count / 2)
                    midpoint?.Invoke();
            }

            if (writer is not null)
                await writer.CompleteAsync(abort.Token).ConfigureAwait(false);
        }

        clock.Stop();
        return new Outcome(done, failed, inOrder, clock.Elapsed);
    }

    /// <summary>HelpSteer rows made on the fly (never a list): id, prompt, response of fixed sizes.</summary>
    private static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> GenerateRows(long count, int promptChars, int responseChars, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        for (long id = 0; id < count; id++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new Dictionary<string, object?>(3)
            {
                ["id"] = id,
                ["prompt"] = Text("Question", id, promptChars),
                ["response"] = Text("Answer", id, responseChars),
            };
        }
    }

    internal static string Text(string kind, long id, int chars)
    {
        var text = new StringBuilder(chars + 16);
        text.Append(kind).Append(' ').Append(id.ToString(CultureInfo.InvariantCulture)).Append(':');
        var state = (ulong)id * 0x9E3779B97F4A7C15UL + (ulong)kind.Length;
        while (text.Length < chars)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            text.Append(' ').Append(Words[(int)(state >> 60)]);
        }

        text.Length = Math.Min(text.Length, chars);
        return text.ToString();
    }

    /// <summary>The host's 1-minute load average (Linux), to tell a quiet machine from a busy one.</summary>
    private static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    public static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

    private sealed record Outcome(long Count, long Failed, bool InOrder, TimeSpan Elapsed);

    /// <summary>What the CLI's LabelJob does with progress: keep the last snapshot.</summary>
    private sealed class LastProgress : IProgress<PipelineProgress>
    {
        public PipelineProgress? Last { get; private set; }

        public void Report(PipelineProgress value) => Last = value;
    }
}

/// <summary>Measures each LLM call as the pipeline sees it (HTTP, SDK serialisation and scheduling included).</summary>
internal sealed class TimingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private long _requests;
    private long _ticks;
    private long _inFlight;
    private long _maxInFlight;

    public double MeanLatencyMs => _requests == 0 ? 0 : TotalLatencyMs / _requests;

    public double TotalLatencyMs => Interlocked.Read(ref _ticks) * 1000.0 / Stopwatch.Frequency;

    public long MaxInFlight => Interlocked.Read(ref _maxInFlight);

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _ticks, 0);
        Interlocked.Exchange(ref _maxInFlight, 0);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var inFlight = Interlocked.Increment(ref _inFlight);
        var max = Interlocked.Read(ref _maxInFlight);
        while (inFlight > max && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
            max = Interlocked.Read(ref _maxInFlight);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _requests);
        }
    }
}

/// <summary>One scenario's measurements.</summary>
public sealed record BenchResult
{
    public long Rows { get; init; }
    public int Concurrency { get; init; }
    public string Latency { get; init; } = "";
    public string Sink { get; init; } = "";
    public string ServerKind { get; init; } = "";
    public double NominalMeanLatencyMs { get; init; }
    public double SampledMeanLatencyMs { get; init; }
    public double ServerHoldMeanMs { get; init; }
    public double ClientObservedMeanLatencyMs { get; init; }
    public long ClientMaxInFlight { get; init; }
    public long ServerMaxInFlight { get; init; }
    public long Connections { get; init; }
    public double Seconds { get; init; }
    public double RowsPerSecond { get; init; }
    public double LimitRowsPerSecond { get; init; }
    public double FractionOfLimit => RowsPerSecond / LimitRowsPerSecond;
    public double EffectiveConcurrency { get; init; }
    public double ClientCpuMicrosPerRow { get; init; }
    public double ServerCpuMicrosPerRequest { get; init; }
    public double ClientPeakWorkingSetMiB { get; init; }
    public double ServerPeakWorkingSetMiB { get; init; }
    public double GcHeapMidRunMiB { get; init; }
    public double GcPauseMidRunMs { get; init; }
    public double GcHeapAfterRunMiB { get; init; }
    public double AllocatedKiBPerRow { get; init; }
    public int Gen0 { get; init; }
    public int Gen1 { get; init; }
    public int Gen2 { get; init; }
    public long FailedRows { get; init; }
    public bool InOrder { get; init; }
    public long OutputBytes { get; init; }
    public int ThreadPoolThreads { get; init; }
    public double RequestBytesPerRequest { get; init; }
    public int ProcessorCount { get; init; }
    public double LoadAverageBefore { get; init; }
    public double LoadAverageAfter { get; init; }
    public int WarmupRounds { get; init; }
    public long WarmupRowsPerRound { get; init; }
    public double WarmupSeconds { get; init; }
    public long ClientJitMethods { get; init; }
    public double ClientJitMs { get; init; }
    public long ServerJitMethods { get; init; }

    public string ToText() => string.Join(Environment.NewLine,
    [
        $"scenario            {Rows} rows, C={Concurrency}, {Latency}, sink {Sink}, server {ServerKind}",
        $"throughput          {RowsPerSecond:0.0} rows/s in {Seconds:0.00} s = {FractionOfLimit:P1} of the limit {LimitRowsPerSecond:0.0} rows/s (C / mean latency)",
        $"latency (mean)      nominal {NominalMeanLatencyMs:0.00} ms, sampled {SampledMeanLatencyMs:0.00} ms, server hold {ServerHoldMeanMs:0.00} ms, seen by the pipeline {ClientObservedMeanLatencyMs:0.00} ms",
        $"concurrency         effective {EffectiveConcurrency:0.0} (Little's law), max in flight client {ClientMaxInFlight} / server {ServerMaxInFlight}, connections opened {Connections}",
        $"client CPU          {ClientCpuMicrosPerRow:0} µs/row; server CPU {ServerCpuMicrosPerRequest:0} µs/request",
        $"client memory       peak working set {ClientPeakWorkingSetMiB:0.0} MiB; GC heap after full GC mid-run {GcHeapMidRunMiB:0.0} MiB (pause {GcPauseMidRunMs:0.0} ms), after run {GcHeapAfterRunMiB:0.0} MiB",
        $"allocation          {AllocatedKiBPerRow:0.0} KiB/row; GCs gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2} (incl. the mid-run one)",
        $"server memory       peak working set {ServerPeakWorkingSetMiB:0.0} MiB",
        $"host                {ProcessorCount} cores, 1-min load average {LoadAverageBefore:0.00} before, {LoadAverageAfter:0.00} after; request body {RequestBytesPerRequest:0} bytes",
        $"warm-up / JIT       {WarmupRounds} rounds of {WarmupRowsPerRound} rows in {WarmupSeconds:0.0} s; during the run: client JIT-compiled {ClientJitMethods} methods ({ClientJitMs:0} ms), server {ServerJitMethods}",
        $"check               failed rows {FailedRows}, in order {InOrder}, output {OutputBytes / 1048576.0:0.0} MiB, thread-pool threads {ThreadPoolThreads}",
    ]);

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });
}

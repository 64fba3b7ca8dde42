using System.Diagnostics;
using System.Globalization;
using System.Text;
using Distilabel.Data;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks;

namespace Distilabel.Benchmarks;

/// <summary>
/// The CPU cost per row of each stage a labelled row goes through, each measured alone over the same HelpSteer-shaped
/// rows (one thread, process CPU time, a warm-up pass first): reading, prompt building, parsing, fingerprint, journal,
/// progress, writing; then the whole pipeline without HTTP (ordering and request slots included), with and without the
/// journal. What the OpenAI SDK and HTTP cost is the loop's figure in <c>compare</c>. Sampling profilers on this
/// 2-core machine mostly see thread-pool waits; these figures are the firmer ones.
/// </summary>
public static class StageCosts
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var n = (int)Math.Min(options.Rows, 200_000);
        var folder = Directory.CreateTempSubdirectory("distilabel-stages-");
        try
        {
            var input = Path.Combine(folder.FullName, "input.jsonl");
            await File.WriteAllLinesAsync(input, Enumerable.Range(0, n).Select(i => InputLine(i, options))).ConfigureAwait(false);
            var task = LlmTaskDefinition.Of<HelpSteer>();
            var rows = await DatasetFiles.ReadAsync(input).ToListAsync().ConfigureAwait(false);
            var instances = rows.Select(task.FromRow).ToList();
            var labelled = new List<IReadOnlyDictionary<string, object?>>(n);
            for (var i = 0; i < n; i++)
                labelled.Add(Labelled(task, rows[i], instances[i], LatencyServer.AnswerText(i % 16)));

            var table = new List<(string Stage, (double Micros, double KiB) Cost)>
            {
                ("reading (JSONL file → rows)", await MeasureAsync(n, async () =>
                {
                    await foreach (var row in DatasetFiles.ReadAsync(input).ConfigureAwait(false))
                        GC.KeepAlive(row);
                }).ConfigureAwait(false)),
                ("prompt building (row → task → chat messages)", await MeasureAsync(n, () =>
                {
                    foreach (var row in rows)
                        GC.KeepAlive(task.BuildPrompt(task.FromRow(row)));
                    return Task.CompletedTask;
                }).ConfigureAwait(false)),
                ("parsing (tagged answer → outputs → row)", await MeasureAsync(n, () =>
                {
                    for (var i = 0; i < n; i++)
                        GC.KeepAlive(task.ToRow(task.ParseOutput(instances[i], LatencyServer.AnswerText(i % 16))));
                    return Task.CompletedTask;
                }).ConfigureAwait(false)),
                ("journal: row fingerprint (XxHash128 of the input row)", await MeasureAsync(n, () =>
                {
                    foreach (var row in rows)
                        GC.KeepAlive(RowFingerprint.Compute(row));
                    return Task.CompletedTask;
                }).ConfigureAwait(false)),
                ("journal: fingerprint + encode + insert (64 rows a transaction)", await MeasureJournalAsync(folder.FullName, labelled, rows).ConfigureAwait(false)),
                ("progress (a snapshot per row, as the flow reports it)", await MeasureAsync(n, () =>
                {
                    var sink = new Progress();
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < n; i++)
                        sink.Report(new PipelineProgress(null, i, 0, i * 420L, i * 43L, clock.Elapsed));
                    GC.KeepAlive(sink.Last);
                    return Task.CompletedTask;
                }).ConfigureAwait(false)),
                ("writing (Parquet, atomic)", await MeasureAsync(n, async () =>
                {
                    await using var writer = DatasetFiles.CreateWriter(Path.Combine(folder.FullName, "out.parquet"));
                    foreach (var row in labelled)
                        await writer.WriteAsync(row).ConfigureAwait(false);
                    await writer.CompleteAsync().ConfigureAwait(false);
                }).ConfigureAwait(false)),
                ("whole pipeline without HTTP, journal off (ordering, slots, steps; C=64)", await MeasurePipelineAsync(options, rows, journalPath: null).ConfigureAwait(false)),
                ("whole pipeline without HTTP, journal on", await MeasurePipelineAsync(options, rows, Path.Combine(folder.FullName, "pipeline.journal.db")).ConfigureAwait(false)),
            };

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{n:N0} rows, {Environment.ProcessorCount} cores, load average {ComparisonLoad()}; CPU µs per row of each stage alone (process CPU time, least of 3 passes after a warm-up pass)");
            text.AppendLine();
            text.AppendLine("| Stage | CPU µs/row | allocated KiB/row |");
            text.AppendLine("|---|---:|---:|");
            foreach (var (stage, (micros, kib)) in table)
                text.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {micros:0.0} | {kib:0.00} |");
            Console.WriteLine(text);
            if (options.Markdown is { } markdown)
                await File.WriteAllTextAsync(markdown, text.ToString()).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string InputLine(int i, BenchOptions options)
        => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = i,
            ["prompt"] = ClientRun.Text("Question", i, options.PromptChars),
            ["response"] = ClientRun.Text("Answer", i, options.ResponseChars),
        });

    /// <summary>A row as the label step leaves it: the input, the outputs, the model, the raw answer and no error.</summary>
    private static Dictionary<string, object?> Labelled(LlmTaskDefinition task, IReadOnlyDictionary<string, object?> row, object instance, string answer)
    {
        var values = new Dictionary<string, object?>(row);
        foreach (var (column, value) in task.ToRow(task.ParseOutput(instance, answer)))
            values[column] = value;
        values["labelling_model"] = LatencyServer.ModelId;
        values["raw_labelling_response"] = answer;
        values["labelling_error"] = null;
        return values;
    }

    /// <summary>CPU µs per row of <paramref name="work"/> over <paramref name="rows"/> rows: run once to warm up, then measured.</summary>
    /// <summary>
    /// CPU µs per row of <paramref name="work"/> over <paramref name="rows"/> rows: run once to warm up, then the least of
    /// three measured passes (on a shared machine a pass is only ever slowed down by the others, never sped up).
    /// </summary>
    private static async Task<(double Micros, double KiB)> MeasureAsync(int rows, Func<Task> work)
    {
        await work().ConfigureAwait(false);
        var best = (Micros: double.MaxValue, KiB: 0.0);
        for (var pass = 0; pass < 3; pass++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            var self = Process.GetCurrentProcess();
            self.Refresh();
            var before = self.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            await work().ConfigureAwait(false);
            self.Refresh();
            var micros = (self.TotalProcessorTime - before).TotalMicroseconds / rows;
            if (micros < best.Micros)
                best = (micros, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / rows);
        }

        return best;
    }

    private static Task<(double Micros, double KiB)> MeasureJournalAsync(string folder, List<IReadOnlyDictionary<string, object?>> labelled, List<Row> rows)
    {
        var run = 0;
        var outputs = new[] { "correctness", "coherence", "complexity", "verbosity", "helpfulness", "labelling_model", "raw_labelling_response", "labelling_error" };
        return MeasureAsync(rows.Count, async () =>
        {
            var path = Path.Combine(folder, $"stage-{run++}.journal.db");
            using var journal = RunJournal.Open(path, new RunKey(new Dictionary<string, string> { ["task"] = "helpsteer" }));
            MakeDurable? durable = null;
            for (var i = 0; i < rows.Count; i++)
            {
                var fingerprint = RowFingerprint.Compute(rows[i]);
                var columns = outputs.Select(c => new KeyValuePair<string, object?>(c, labelled[i][c])).ToList();
                durable = journal.Defer(new JournaledRow(i, fingerprint, columns, null, (string?)labelled[i]["raw_labelling_response"], 420, 43) { Step = "helpsteer" });
                if (i % 64 == 63)
                    await durable().ConfigureAwait(false);
            }

            if (durable is not null)
                await durable().ConfigureAwait(false);
        });
    }

    private static Task<(double Micros, double KiB)> MeasurePipelineAsync(BenchOptions options, List<Row> rows, string? journalPath)
    {
        var run = 0;
        var instant = options with { LatencyMs = 0, Distribution = LatencyDistribution.Fixed };
        return MeasureAsync(rows.Count, async () =>
        {
            var pipeline = LabellingPipeline.For<HelpSteer>(new InMemoryChatClient(instant), new PipelineOptions { Concurrency = 64 });
            using var journal = journalPath is null ? null : RunJournal.Open(journalPath + run++, pipeline.RunKey);
            await foreach (var row in pipeline.RunAsync(rows.ToAsyncEnumerable(), new Progress(), rows.Count, journal: journal).ConfigureAwait(false))
                GC.KeepAlive(row);
        });
    }

    private static string ComparisonLoad()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Keeps the last snapshot, as the job's own progress tracker does.</summary>
    private sealed class Progress : IProgress<PipelineProgress>
    {
        public PipelineProgress? Last { get; private set; }

        public void Report(PipelineProgress value) => Last = value;
    }
}

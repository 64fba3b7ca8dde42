using System.Diagnostics;
using System.Globalization;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks;

namespace Distilabel.Benchmarks;

/// <summary>
/// Memory of a whole <c>label</c> job, as the command line runs it (LabelJob with its run journal): an N-row Parquet
/// file labelled against the loopback server (separate process) and written back to Parquet. The input is made by a
/// child process first, so this process's peak working set is the job's alone. Memory must not grow with N.
/// </summary>
public static class ParquetMemoryRun
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("distilabel-parquet-bench-");
        try
        {
            var input = Path.Combine(folder.FullName, "input.parquet");
            using (var maker = SelfProcess.Start(["make-parquet", "--rows", options.Rows.ToString(CultureInfo.InvariantCulture), "--output", input]))
            {
                await maker.WaitForExitAsync().ConfigureAwait(false);
                if (maker.ExitCode != 0)
                    return maker.ExitCode;
            }

            await using var server = await ServerHandle.StartAsync(options).ConfigureAwait(false);
            using var client = OpenAIChatClients.CreateCompatible(server.BaseUrl, LatencyServer.ModelId);
            var pipeline = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = options.Concurrency });
            var output = Path.Combine(folder.FullName, "labelled.parquet");
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var journalPath = RunJournal.DefaultPathFor(output);
            var result = await LabelJob.RunAsync(pipeline, new LabelJobOptions
            {
                InputPath = input,
                OutputPath = output,
                JournalPath = journalPath,
            }).ConfigureAwait(false);
            clock.Stop();
            var self = Process.GetCurrentProcess();
            self.Refresh();
            cpu = self.TotalProcessorTime - cpu;

            // The journal is kept after a successful run (the default): its size is what a user's disk holds.
            long journalBytes = 0;
            foreach (var file in new[] { journalPath, journalPath + "-wal" })
                journalBytes += File.Exists(file) ? new FileInfo(file).Length : 0;
            var rows = await ParquetRowReader.CountRowsAsync(output).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parquet-memory: {options.Rows:N0} rows → {rows:N0} written ({result.Failed} failed) in {clock.Elapsed.TotalSeconds:0.0} s; "
                + $"peak working set {self.PeakWorkingSet64 / 1048576.0:0.0} MiB; GC heap now {GC.GetTotalMemory(false) / 1048576.0:0.0} MiB; "
                + $"input {new FileInfo(input).Length / 1048576.0:0.0} MiB, output {new FileInfo(output).Length / 1048576.0:0.0} MiB; "
                + $"journal {journalBytes / 1048576.0:0.0} MiB = {journalBytes / (double)options.Rows:0} B/row; client CPU {cpu.TotalMicroseconds / options.Rows:0} µs/row; "
                + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            return rows == options.Rows ? 0 : 1;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Writes the N-row HelpSteer-shaped input (prompt, response, id) as Parquet.</summary>
    public static async Task<int> MakeInputAsync(BenchOptions options)
    {
        var path = options.Output ?? throw new ArgumentException("make-parquet needs --output");
        await DatasetFiles.WriteAsync(path, Rows(options.Rows)).ConfigureAwait(false);
        return 0;
    }

    private static async IAsyncEnumerable<Row> Rows(long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return new Row
            {
                ["id"] = i,
                ["prompt"] = $"Question {i}: how does a labelled dataset help align a model? Answer in two sentences.",
                ["response"] = $"Answer {i}: preference pairs from AI feedback teach the model which answer is better, and the ratings say by how much.",
            };
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}

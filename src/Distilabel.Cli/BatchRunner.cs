using System.Globalization;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Batch;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary>
/// <c>label --batch</c> around the library's <see cref="BatchLabelJob"/>: the batches' progress on standard error, the
/// summary tables (tokens included) once collected, a line saying how to collect when the batches are still running,
/// one-line errors (a batch that failed validation with the server's reasons), and the exit code.
/// </summary>
internal static class BatchRunner
{
    public static async Task<int> RunAsync(
        LabelJobOptions job, JobRunner.InputOpener openInput, BatchOptions batch, Func<LlmTaskDefinition> resolveTask, LlmSettings llm, PipelineOptions pipeline)
    {
        var console = new ConsoleReporter();
        using var interruption = new Interruption(console.Warn);
        try
        {
            var task = resolveTask();
            job = job with { Source = await openInput(interruption.Abort) };
            string? lastLine = null;
            var progress = new SynchronousProgress<BatchProgress>(p =>
            {
                var line = $"batch: {p}";
                if (line != lastLine)
                    Console.Error.WriteLine(line);
                lastLine = line;
            });
            var hooks = new JobHooks { Warning = console.Warn };
            var report = await BatchLabelJob.RunAsync(task, llm, job, batch with { Progress = progress }, pipeline, hooks, interruption.Drain, interruption.Abort);

            if (report.BatchesCreated > 0)
                Console.Error.WriteLine($"Submitted {report.RequestsSubmitted:N0} requests in {report.BatchesCreated} batch{(report.BatchesCreated == 1 ? "" : "es")}; their ids are in the journal {report.JournalPath}.");
            Batches(report.Batches);
            if (report.Waiting)
            {
                var why = report.Interrupted ? "Stopped waiting; the batches keep running on the server" : "The batches are running on the server";
                Console.Error.WriteLine($"{why}. To collect, run the same command again (without --batch-no-wait it waits for them); 'distilabel batch status --journal {report.JournalPath} --llm {(llm.Provider == LlmProvider.OpenAI ? "openai" : "openai-compatible")}{(llm.BaseUrl is null ? "" : $" --base-url {llm.BaseUrl}")}' shows their progress.");
                return (int)report.Status;
            }

            var result = report.Job!.Result;
            console.Summary(report.Job);
            if (report.RequestsAnswered + report.RequestsFailed > 0)
                Console.Error.WriteLine($"Collected {report.Batches.Count} batch{(report.Batches.Count == 1 ? "" : "es")}: {report.RequestsAnswered:N0} requests answered, {report.RequestsFailed:N0} not (recorded per row in the journal).");
            if (!result.Completed)
                console.Error($"interrupted after {result.Rows} rows: {job.OutputPath} was not written. Run the same command again to collect the batches.");
            else if (result.Failed > 0)
                console.Error($"{result.Failed} of {result.Rows} rows were not labelled (see the {report.Job.ErrorColumns} of {job.OutputPath}); first: {result.FirstFailure}. Use --retry-failed to send them again as a new batch (add --no-batch instead of --batch to ask them online).");
            return (int)report.Status;
        }
        catch (OperationCanceledException) when (interruption.Abort.IsCancellationRequested)
        {
            console.Error($"interrupted: {job.OutputPath} was not written. The batch ids are in the journal {job.JournalPath}: run the same command again to resume.");
            return (int)JobStatus.Interrupted;
        }
        catch (Distilabel.Compiler.TaskFileException exception)
        {
            TaskResolver.Report(exception, Console.Error);
            return (int)JobStatus.Error;
        }
        catch (BatchServiceException exception)
        {
            console.Error($"{exception.Message}. What was submitted is in the journal {job.JournalPath}: run the same command again to resume (nothing is uploaded twice).");
            return (int)JobStatus.Error;
        }
        catch (Exception exception) when (exception is BatchFailedException || JobRunner.IsUserError(exception))
        {
            console.Error(ErrorHints.Describe(exception));
            return (int)JobStatus.Error;
        }
    }

    /// <summary>The batches as a table on standard output.</summary>
    public static void Batches(IReadOnlyList<BatchState> batches)
    {
        if (batches.Count == 0)
            return;
        var table = new Table().Title("Batches").AddColumns("batch", "status", "requests", "completed", "failed");
        foreach (var batch in batches)
        {
            table.AddRow(Markup.Escape(batch.Id), Markup.Escape(batch.Status), N(batch.Total), N(batch.Completed), N(batch.Failed));
        }

        AnsiConsole.Console.Write(table);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

using System.Globalization;
using Distilabel.Data;
using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Recipes;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary>
/// What <c>label</c> and <c>run</c> share around the library's job (<see cref="DatasetJob"/>): the input opened with the
/// command line's options, two-stage Ctrl-C, the live progress, the summary tables, one-line errors naming flags, and the
/// exit code (<see cref="JobStatus"/>'s value).
/// </summary>
internal static class JobRunner
{
    /// <summary>Opens the job's input (a file or a Hub dataset, with its column surgery); see <see cref="DatasetInputOptions"/>.</summary>
    public delegate Task<DatasetSource> InputOpener(CancellationToken cancellationToken);

    /// <summary>Runs the library job over <paramref name="job"/> (its input already opened).</summary>
    public delegate Task<JobReport> Job(LabelJobOptions job, JobHooks hooks, CancellationToken drainToken, CancellationToken abortToken);

    public static async Task<int> RunAsync(LabelJobOptions job, InputOpener openInput, Job run, Action? check = null)
    {
        // Piped output is 80 columns wide unless COLUMNS says otherwise (as most CLIs do).
        if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), CultureInfo.InvariantCulture, out var columns) && columns is >= 40 and <= 1000)
            AnsiConsole.Console.Profile.Width = columns;
        var console = new ConsoleReporter();
        using var interruption = new Interruption(console.Warn);
        try
        {
            check?.Invoke();
            job = job with { Source = await openInput(interruption.Abort) };
            var report = await console.WithJobProgressAsync(hooks => run(job, hooks, interruption.Drain, interruption.Abort));
            var result = report.Result;
            console.Summary(report);
            if (result.RowsFromJournal > 0)
                console.Warn($"Resumed: {result.RowsFromJournal:N0} finished rows came from the journal {result.JournalPath} without asking the LLM (--fresh starts over).");
            if (result.JournalRowsInputChanged > 0)
                console.Warn($"{result.JournalRowsInputChanged:N0} journaled rows were asked again because their input row changed since the journal was written.");
            if (!result.Completed)
                console.Error($"interrupted after {result.Rows} rows: {job.OutputPath} was not written. {Resumable(job.JournalPath)}");
            else if (result.Failed > 0)
                console.Error($"{result.Failed} of {result.Rows} rows were not labelled (see the {report.ErrorColumns} of {job.OutputPath}); first: {Shorten(result.FirstFailure).TrimEnd('.')}. Use --retry-failed to ask them again.");
            else if (result.SkippedInputRows > 0)
                console.Error($"{result.SkippedInputRows} unreadable input row{(result.SkippedInputRows == 1 ? " was" : "s were")} skipped (--skip-bad-rows); first: {Shorten(result.FirstSkippedRow)}");
            return (int)report.Status;
        }
        catch (OperationCanceledException) when (interruption.Abort.IsCancellationRequested)
        {
            console.Error($"interrupted: {job.OutputPath} was not written. {Resumable(job.JournalPath)}");
            return (int)JobStatus.Interrupted;
        }
        catch (Distilabel.Compiler.TaskFileException exception)
        {
            TaskResolver.Report(exception, Console.Error);
            return (int)JobStatus.Error;
        }
        catch (Exception exception) when (IsUserError(exception))
        {
            console.Error(ErrorHints.Describe(exception));
            return (int)JobStatus.Error;
        }
    }

    internal static bool IsUserError(Exception exception) => exception is UsageException or DatasetFormatException or LlmConfigurationException
        or PipelineAbortedException or TaskInputException or FileNotFoundException or DirectoryNotFoundException
        or UnauthorizedAccessException or IOException or ArgumentException or NotSupportedException or RecipeException;

    private static string Resumable(string? journalPath) => journalPath is null
        ? ""
        : $"Finished rows are kept in the journal {journalPath}: run the same command again to resume.";

    private static string Shorten(string? text)
    {
        text = (text ?? "").ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..299] + "…";
    }
}

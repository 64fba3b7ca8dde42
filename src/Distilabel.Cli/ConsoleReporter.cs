using System.Globalization;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary>Progress bars on standard error, the summary table on standard output, one-line errors.</summary>
internal sealed class ConsoleReporter
{
    private readonly IAnsiConsole _out = AnsiConsole.Console;
    private readonly IAnsiConsole _err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public void Warn(string message) => _err.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");

    public void Error(string message)
    {
        // Piped, an error stays on one line (Spectre would wrap it at 80 columns).
        if (Console.IsErrorRedirected)
            Console.Error.WriteLine("error: " + message.ReplaceLineEndings(" "));
        else
            _err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
    }

    /// <summary>
    /// Runs a job inside one live display on standard error: a bar per model download, then the rows' bar once the
    /// job has its title.
    /// </summary>
    public async Task<JobReport> WithJobProgressAsync(Func<JobHooks, Task<JobReport>> work)
    {
        JobReport report = null!;
        await Bars().StartAsync(async ctx =>
        {
            ProgressTask? download = null;
            ProgressTask? rows = null;
            var title = "";
            var hooks = new JobHooks
            {
                Warning = Warn,
                Download = new SynchronousProgress<DownloadProgress>(p =>
                {
                    download ??= ctx.AddTask($"Downloading {Markup.Escape(p.FileName ?? "model")}", maxValue: Math.Max(1, p.TotalBytes ?? 1));
                    download.Value = p.BytesReceived;
                }),
                Started = t =>
                {
                    title = t;
                    rows = ctx.AddTask(Markup.Escape(t), maxValue: 1);
                },
                Progress = new SynchronousProgress<PipelineProgress>(p =>
                {
                    if (rows is null)
                        return;
                    rows.MaxValue = Math.Max(1, p.Total ?? p.Completed);
                    rows.Value = p.Completed;
                    rows.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{title} · {p.Failed} failed · {p.InputTokens:N0}+{p.OutputTokens:N0} tokens · {p.RowsPerSecond:0.0} rows/s"));
                }),
            };
            report = await work(hooks);
            if (rows is not null)
                rows.Value = rows.MaxValue;
        });
        return report;
    }

    /// <summary>The rows, then the journal, the cache and the retries, on standard output.</summary>
    public void Summary(JobReport report)
    {
        Summary(report.Result);
        DurabilitySummary(report);
    }

    public void Summary(LabelJobResult result)
    {
        var table = new Table().Title("Labelling summary").AddColumns("", "");
        table.AddRow("rows", result.Rows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("labelled", result.Succeeded.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("failed", result.Failed.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var (kind, count) in result.FailuresByKind)
            table.AddRow($"  {Markup.Escape(kind)}", count.ToString("N0", CultureInfo.InvariantCulture));
        if (result.SkippedInputRows > 0)
            table.AddRow("skipped input rows", result.SkippedInputRows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("tokens in / out", string.Create(CultureInfo.InvariantCulture, $"{result.InputTokens:N0} / {result.OutputTokens:N0}"));
        table.AddRow("wall time", result.Elapsed.ToString(@"hh\:mm\:ss\.f", CultureInfo.InvariantCulture));
        table.AddRow("rows/s", result.RowsPerSecond.ToString("0.00", CultureInfo.InvariantCulture));
        table.AddRow("output", Markup.Escape(result.Completed ? result.OutputPath : "(not written)"));
        _out.Write(table);
    }

    private void DurabilitySummary(JobReport report)
    {
        var result = report.Result;
        var table = new Table().Title("Journal, cache and retries").AddColumns("", "");
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        if (result.JournalPath is { } journalPath)
        {
            table.AddRow("journal", Markup.Escape(journalPath));
            table.AddRow("rows from the journal", N(result.RowsFromJournal));
            table.AddRow("rows journaled now", N(result.RowsJournaled));
            if (result.JournalRowsRetried > 0)
                table.AddRow("failed rows asked again", N(result.JournalRowsRetried));
            if (result.JournalRowsInputChanged > 0)
                table.AddRow("rows asked again (input changed)", N(result.JournalRowsInputChanged));
            if (result.JournalRowsDamaged > 0)
                table.AddRow("rows asked again (damaged entry)", N(result.JournalRowsDamaged));
        }

        if (report.Cache is { } cache)
        {
            table.AddRow("response cache", Markup.Escape(cache.Path));
            table.AddRow("cache hits / misses", $"{N(cache.Hits)} / {N(cache.Misses)}");
        }
        else
        {
            table.AddRow("response cache", "off");
        }

        table.AddRow("retries", N(report.Retries));
        foreach (var (kind, count) in report.RetriesByKind)
            table.AddRow($"  {Markup.Escape(kind)}", N(count));
        _out.Write(table);
    }

    private Progress Bars() => _err.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn());
}

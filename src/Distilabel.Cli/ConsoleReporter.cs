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

    public async Task<T> WithDownloadProgressAsync<T>(Func<IProgress<DownloadProgress>, Task<T>> work)
    {
        ProgressTask? bar = null;
        ProgressContext? context = null;
        var progress = new Progress<DownloadProgress>(p =>
        {
            if (context is null)
                return;
            bar ??= context.AddTask($"Downloading {Markup.Escape(p.FileName ?? "model")}", maxValue: Math.Max(1, p.TotalBytes ?? 1));
            bar.Value = p.BytesReceived;
        });
        T result = default!;
        await Bars().StartAsync(async ctx =>
        {
            context = ctx;
            result = await work(progress);
        });
        return result;
    }

    public async Task<LabelJobResult> WithRunProgressAsync(string title, Func<IProgress<PipelineProgress>, Task<LabelJobResult>> work)
    {
        LabelJobResult result = null!;
        await Bars().StartAsync(async ctx =>
        {
            var bar = ctx.AddTask(Markup.Escape(title), maxValue: 1);
            var progress = new SynchronousProgress(p =>
            {
                bar.MaxValue = Math.Max(1, p.Total ?? p.Completed);
                bar.Value = p.Completed;
                bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{title} · {p.Failed} failed · {p.InputTokens:N0}+{p.OutputTokens:N0} tokens · {p.RowsPerSecond:0.0} rows/s"));
            });
            result = await work(progress);
            bar.Value = bar.MaxValue;
        });
        return result;
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

    private Progress Bars() => _err.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn());

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}

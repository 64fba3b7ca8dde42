using System.Globalization;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary>A live line on standard error with a running count (the total is unknown while rows stream) and a rate;
/// nothing when standard error is redirected, so a failure there stays one line.</summary>
internal static class CountProgress
{
    public static async Task<T> RunAsync<T>(string title, Func<Action<long, double>, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
            return await work((_, _) => { });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                bar.IsIndeterminate = true;
                result = await work((count, rate) =>
                    bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title} · {count:N0} records · {rate:0} records/s")));
                bar.IsIndeterminate = false;
                bar.Value = bar.MaxValue;
            });
        return result;
    }
}

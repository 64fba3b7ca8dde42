using System.CommandLine;
using System.Globalization;
using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;
using Distilabel.Data;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary><c>distilabel pull-from-argilla</c>: read reviewers' answers back and measure how far the AI was from them.</summary>
internal static class PullFromArgillaCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Where to write the dataset with the human answers (.jsonl, .parquet or .csv); written atomically.", Required = true };
        var task = new Option<string?>("--task") { Description = "The task (default: the one the push recorded in the records' metadata)." };
        var reportJson = new Option<string?>("--report-json") { Description = "Also write the agreement report as JSON to this file." };
        var argilla = new ArgillaOptions();
        var command = new Command("pull-from-argilla", "Pull reviewers' answers from Argilla beside the AI's (<output>_human, <output>_human_count) and report their agreement.");
        argilla.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(task);
        command.Options.Add(reportJson);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new ConsoleReporter();
            try
            {
                LlmTaskDefinition? definition = null;
                if (parse.GetValue(task) is { } taskName)
                {
                    definition = LlmTaskRegistry.Find(taskName)
                        ?? throw new UsageException($"--task: unknown task '{taskName}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))}.");
                }

                var path = parse.GetValue(output)!;
                await using (DatasetFiles.CreateWriter(path))
                {
                    // Checks the output is writable before anything is read.
                }

                using var client = argilla.CreateClient(parse);
                var pulled = await client.PullAsync(parse.GetValue(argilla.Dataset)!, parse.GetValue(argilla.Workspace)!, new ArgillaPullOptions { Task = definition }, cancellationToken);
                var agreement = new AgreementCalculator(pulled.Task.Descriptor);
                var rows = await DatasetFiles.WriteAsync(path, Observe(pulled.Rows, agreement.Add), cancellationToken: cancellationToken);
                var report = agreement.Report();

                // Piped, plain lines are not wrapped and the table gets COLUMNS (or 160) columns.
                if (Console.IsOutputRedirected)
                    AnsiConsole.Console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), CultureInfo.InvariantCulture, out var columns) && columns is >= 40 and <= 1000 ? columns : 160;
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote {rows:N0} records of task '{pulled.Task.Descriptor.Name}' to {path}; {report.RecordsAnswered:N0} answered by reviewers."));
                if (report.HasPairs)
                    AgreementTable.Write(AnsiConsole.Console, report);
                else
                    Console.Out.WriteLine("No record has both an AI and a human rating yet: no agreement to report.");
                if (parse.GetValue(reportJson) is { } jsonPath)
                    WriteAtomically(jsonPath, report.ToJson());
                return ExitCodes.Success;
            }
            catch (Exception e) when (ArgillaOptions.IsUserError(e))
            {
                console.Error(e.Message);
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static async IAsyncEnumerable<Row> Observe(IAsyncEnumerable<Row> rows, Action<Row> observe)
    {
        await foreach (var row in rows)
        {
            observe(row);
            yield return row;
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, full, overwrite: true);
    }
}

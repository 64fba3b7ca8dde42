using System.CommandLine;
using System.Globalization;
using System.Net;
using Distilabel.Argilla;
using Distilabel.Data;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary><c>distilabel push-to-argilla</c>: send a labelled dataset to Argilla for people to review.</summary>
internal static class PushToArgillaCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "The labelled dataset (.jsonl, .parquet or .csv), e.g. the output of 'distilabel label'.", Required = true };
        var task = new Option<string>("--task") { Description = "The task that labelled it (see 'distilabel tasks').", Required = true };
        var ifExists = new Option<string>("--if-exists") { Description = "When the dataset exists: fail, or update it (records are matched by their inputs, never duplicated).", DefaultValueFactory = _ => "fail" };
        ifExists.AcceptOnlyFromAmong("fail", "update");
        var argilla = new ArgillaOptions();
        var command = new Command("push-to-argilla", "Push a labelled dataset to Argilla: the inputs as fields, the AI's answers as suggestions.") { input, task };
        argilla.AddTo(command);
        command.Options.Add(ifExists);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new ConsoleReporter();
            var dataset = parse.GetValue(argilla.Dataset)!;
            var workspace = parse.GetValue(argilla.Workspace)!;
            var update = parse.GetValue(ifExists) == "update";
            try
            {
                var definition = LlmTaskRegistry.Find(parse.GetValue(task)!)
                    ?? throw new UsageException($"--task: unknown task '{parse.GetValue(task)}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))}.");
                var path = parse.GetValue(input)!;
                var rows = ReadInput(path);
                using var client = argilla.CreateClient(parse);
                var summary = await CountProgress.RunAsync($"Pushing {Path.GetFileName(path)} to {dataset}", progress =>
                    rows.ToArgilla(definition).PushToArgillaAsync(client, dataset, workspace, new ArgillaPushOptions
                    {
                        IfExists = update ? ArgillaIfExists.Update : ArgillaIfExists.Fail,
                        Progress = new SynchronousProgress<ArgillaPushProgress>(p => progress(p.RecordsSent, p.RecordsPerSecond)),
                    }, cancellationToken));
                var table = new Table().Title("Pushed to Argilla").AddColumns("", "");
                table.AddRow("dataset", Markup.Escape(summary.DatasetName));
                table.AddRow("workspace", Markup.Escape(summary.Workspace));
                table.AddRow("records", summary.RecordsPushed.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("review at", Markup.Escape(summary.Url ?? ""));
                AnsiConsole.Console.Write(table);
                return ExitCodes.Success;
            }
            catch (ArgillaException e) when (e.StatusCode == HttpStatusCode.Conflict && !update)
            {
                console.Error(e.Message + " Pass --if-exists update to update it (records are matched by their inputs, never duplicated), or choose another --dataset.");
                return ExitCodes.Error;
            }
            catch (Exception e) when (ArgillaOptions.IsUserError(e))
            {
                console.Error(e.Message);
                return ExitCodes.Error;
            }
        });
        return command;
    }

    /// <summary>The input rows (kept in one place: the lead swaps in the shared input options here).</summary>
    private static IAsyncEnumerable<Row> ReadInput(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"--input: file not found: {path}");
        return DatasetFiles.ReadAsync(path);
    }
}

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
        var input = new DatasetInputOptions("The labelled dataset, e.g. the output of 'distilabel label'.");
        var task = new Option<string>("--task") { Description = "The task that labelled it (see 'distilabel tasks').", Required = true };
        var ifExists = new Option<string>("--if-exists") { Description = "When the dataset exists: fail, or update it (records are matched by their inputs, never duplicated).", DefaultValueFactory = _ => "fail" };
        ifExists.AcceptOnlyFromAmong("fail", "update");
        var argilla = new ArgillaOptions();
        var command = new Command("push-to-argilla", "Push a labelled dataset to Argilla: the inputs as fields, the AI's answers as suggestions.") { task };
        input.AddTo(command);
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
                var definition = TaskResolver.Resolve(parse.GetValue(task)!);
                var source = await input.OpenAsync(parse, cancellationToken);
                var rows = source.ReadAsync(new DatasetReadOptions(), cancellationToken);
                using var client = argilla.CreateClient(parse);
                var summary = await CountProgress.RunAsync($"Pushing {source.Name} to {dataset}", progress =>
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
            catch (Distilabel.Compiler.TaskFileException e)
            {
                TaskResolver.Report(e, Console.Error);
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
}

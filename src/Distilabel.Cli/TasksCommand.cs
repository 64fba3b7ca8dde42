using System.CommandLine;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary><c>distilabel tasks</c>: the tasks <c>--task</c> accepts.</summary>
internal static class TasksCommand
{
    public static Command Create()
    {
        var command = new Command("tasks", "List the tasks that 'label --task' accepts.");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("task", "inputs", "outputs", "description");
            foreach (var task in LlmTaskRegistry.All)
            {
                var d = task.Descriptor;
                table.AddRow(
                    Markup.Escape(d.Name),
                    Markup.Escape(string.Join(", ", d.Inputs.Select(i => i.Name))),
                    Markup.Escape(string.Join(", ", d.Outputs.Select(o => o.Kind == LlmOutputKind.Rating ? $"{o.Name} ({o.Min}-{o.Max})" : o.Name))),
                    Markup.Escape(d.Description ?? ""));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}

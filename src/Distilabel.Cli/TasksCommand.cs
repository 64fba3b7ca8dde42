using System.CommandLine;
using Distilabel.Compiler;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary><c>distilabel tasks</c>: the tasks <c>--task</c> accepts; with <c>--task</c>, one task's columns, parameters and prompt.</summary>
internal static class TasksCommand
{
    public static Command Create()
    {
        var task = new Option<string?>("--task") { Description = "Show this task (a name or a .cs file): inputs, outputs, parameters and prompt." };
        var taskParams = new Option<string[]>("--task-param") { Description = "A task parameter, KEY=VALUE (repeatable), for the prompt shown.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("tasks", "List the tasks that 'label --task' accepts, or show one.") { task, taskParams };
        command.SetAction(parse =>
        {
            if (parse.GetValue(task) is not { } name)
            {
                List();
                return ExitCodes.Success;
            }

            try
            {
                Show(TaskResolver.Resolve(name, parse.GetValue(taskParams) ?? []));
                return ExitCodes.Success;
            }
            catch (TaskFileException exception)
            {
                TaskResolver.Report(exception, Console.Error);
                return ExitCodes.Error;
            }
            catch (UsageException exception)
            {
                Console.Error.WriteLine("error: " + exception.Message);
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static void List()
    {
        var table = new Table().AddColumns("task", "inputs", "outputs", "description");
        foreach (var task in LlmTaskRegistry.All)
        {
            var d = task.Descriptor;
            table.AddRow(
                Markup.Escape(d.Name),
                Markup.Escape(string.Join(", ", d.Inputs.Select(Describe))),
                Markup.Escape(string.Join(", ", d.Outputs.Select(Describe))),
                Markup.Escape(d.Description ?? ""));
        }

        AnsiConsole.Write(table);
    }

    private static void Show(LlmTaskDefinition task)
    {
        var d = task.Descriptor;
        var output = Console.Out;
        output.WriteLine($"task: {d.Name} ({d.TypeName})");
        if (d.Description is { } description)
            output.WriteLine($"description: {description}");
        output.WriteLine("inputs:");
        foreach (var input in d.Inputs)
            output.WriteLine($"  {Describe(input)}{(input.IsRequired ? "" : " (optional)")}");
        output.WriteLine("outputs:");
        foreach (var o in d.Outputs)
            output.WriteLine($"  {Describe(o)}{(o.Description is { } text ? ": " + text : "")}");
        if (d.Parameters.Count > 0)
        {
            output.WriteLine("parameters (--task-param NAME=VALUE):");
            foreach (var p in d.Parameters)
            {
                var allowed = p.AllowedValues.Count > 0 ? " one of " + string.Join(", ", p.AllowedValues) : "";
                var type = p.Type switch { LlmParameterType.Int32 => "int", LlmParameterType.Boolean => "bool", _ => p.Type.ToString().ToLowerInvariant() };
                output.WriteLine($"  {p.Name} = {p.Value} ({type}{allowed}){(p.Description is { } text ? ": " + text : "")}");
            }
        }

        output.WriteLine("system prompt:");
        output.WriteLine(d.SystemPrompt);
        output.WriteLine($"fingerprint: {d.Fingerprint}");
    }

    private static string Describe(LlmTaskInput input) => input.IsList ? $"{input.Name} (list)" : input.Name;

    private static string Describe(LlmTaskOutput output)
    {
        var value = output.Kind == LlmOutputKind.Rating ? $"{output.Min}-{output.Max}" : "text";
        return output.Shape switch
        {
            LlmOutputShape.PerItem => $"{output.Name} ({value}, one per item of {output.ItemsOf})",
            LlmOutputShape.List => $"{output.Name} (list of {value})",
            _ => output.Kind == LlmOutputKind.Rating ? $"{output.Name} ({value})" : output.Name,
        };
    }
}

using System.CommandLine;
using Distilabel.Compiler;

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

    /// <summary>Every registered task as a block of plain lines (no table: nothing wraps or truncates in a narrow terminal).</summary>
    private static void List()
    {
        var output = Console.Out;
        output.WriteLine("Tasks for 'label --task NAME' (set parameters with --task-param NAME=VALUE; 'tasks --task NAME' shows the prompt):");
        foreach (var task in LlmTaskRegistry.All)
        {
            var d = task.Descriptor;
            output.WriteLine();
            output.WriteLine(d.Description is { } description ? $"{d.Name}: {description}" : d.Name);
            output.WriteLine($"  inputs:     {string.Join(", ", d.Inputs.Select(i => Describe(i) + (i.IsRequired ? "" : " (optional)")))}");
            output.WriteLine($"  outputs:    {string.Join(", ", d.Outputs.Select(Describe))}");
            output.WriteLine($"  parameters: {(d.Parameters.Count == 0 ? "none" : string.Join(", ", d.Parameters.Select(Describe)))}");
        }
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
                output.WriteLine($"  {Describe(p)}{(p.Description is { } text ? ": " + text : "")}");
        }

        output.WriteLine("system prompt:");
        output.WriteLine(d.SystemPrompt);
        output.WriteLine($"fingerprint: {d.Fingerprint}");
    }

    private static string Describe(LlmTaskInput input) => input.IsList ? $"{input.Name} (list)" : input.Name;

    private static string Describe(LlmTaskOutput output)
    {
        var value = output.Kind != LlmOutputKind.Rating ? "text"
            : output.Max is { } max ? $"{output.Min}-{max}"
            : output.Shape == LlmOutputShape.PerItem ? $"{output.Min}-(N+1) for N items"
            : $"integer from {output.Min}";
        return output.Shape switch
        {
            LlmOutputShape.PerItem => $"{output.Name} ({value}, one per item of {output.ItemsOf})",
            LlmOutputShape.List => $"{output.Name} (list of {value})",
            _ => output.Kind == LlmOutputKind.Rating ? $"{output.Name} ({value})" : output.Name,
        };
    }

    /// <summary><c>name = default (type)</c>, with the allowed values of an enum.</summary>
    private static string Describe(LlmTaskParameter parameter)
    {
        var type = parameter.Type switch { LlmParameterType.Int32 => "int", LlmParameterType.Boolean => "bool", _ => parameter.Type.ToString().ToLowerInvariant() };
        var allowed = parameter.AllowedValues.Count > 0 ? " one of " + string.Join(", ", parameter.AllowedValues) : "";
        var value = parameter.Value.Contains('\n', StringComparison.Ordinal) ? parameter.Value.Split('\n')[0] + " …" : parameter.Value;
        return $"{parameter.Name} = {value} ({type}{allowed})";
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using Distilabel.Cli;

// The command is `distilabel` however it is started (the .NET tool, `dotnet run`, the dll): a RootCommand would take
// the executable's name (Distilabel.Cli) for its help and errors.
var root = new Command("distilabel", "Distilabel.NET: generate and label datasets with LLMs (AI feedback).")
{
    new HelpOption(),
    new VersionOption(),
    LabelCommand.Create(),
    RunCommand.Create(),
    TasksCommand.Create(),
    PushToArgillaCommand.Create(),
    PullFromArgillaCommand.Create(),
    PushToHubCommand.Create(),
    ExportPreferencesCommand.Create(),
    ExportSftCommand.Create(),
    Distilabel.Cli.Cluster.WorkerCommand.Create(),
    BatchCommand.Create(),
};

var parse = root.Parse(args);

// A bad option is one line on standard error and exit code 2 (1 means "some rows failed"), not a page of help.
if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?" or "/?" or "/h"))
{
    var more = parse.Errors.Count > 1 ? $" (and {parse.Errors.Count - 1} more)" : "";
    var message = string.Join(' ', parse.Errors[0].Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    Console.Error.WriteLine($"error: {message}{more} See 'distilabel {parse.CommandResult.Command.Name} --help'.");
    return ExitCodes.Error;
}

// Ctrl-C is handled by the label command itself (first drains, second stops).
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

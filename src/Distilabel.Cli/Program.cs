using System.CommandLine;
using Distilabel.Cli;

var root = new RootCommand("Distilabel.NET: generate and label datasets with LLMs (AI feedback).")
{
    LabelCommand.Create(),
    TasksCommand.Create(),
};

// Ctrl-C is handled by the label command itself (first drains, second stops).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

using System.CommandLine;
using Distilabel.Data.Exports;

namespace Distilabel.Cli;

/// <summary><c>distilabel export-sft</c>: the best generation per prompt, as chat messages.</summary>
internal static class ExportSftCommand
{
    public static Command Create()
    {
        var shared = new ExportOptions();
        var command = new Command("export-sft", "Write SFT examples (prompt, prompt_id, messages): the best generation per prompt.");
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var options = shared.Options(parse);
            return shared.RunAsync(parse, (rows, summary) => SftExport.ExportAsync(rows, options, summary, cancellationToken), SftExport.WriteOptions, "examples", cancellationToken);
        });
        return command;
    }
}

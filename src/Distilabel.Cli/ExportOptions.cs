using System.CommandLine;
using Distilabel.Data;
using Distilabel.Data.Exports;
using Distilabel.Data.Hub;

namespace Distilabel.Cli;

/// <summary>The options <c>export-preferences</c> and <c>export-sft</c> share: input, output, rating and prompt columns,
/// grouping by prompt; and running an export to a file with its summary.</summary>
internal sealed class ExportOptions
{
    public DatasetInputOptions Input { get; } = new("The rated dataset.");

    public Option<string> Output { get; } = new("--output", "-o") { Description = "Where to write the export (.jsonl, .parquet or .csv); written atomically.", Required = true };

    public Option<string[]> RatingColumns { get; } = new("--rating-column") { Description = "A rating column (repeatable; several give their mean). Default: ratings." };

    public Option<string?> PromptColumn { get; } = new("--prompt-column") { Description = "The prompt column (default: instruction, else prompt)." };

    public Option<string?> GroupBy { get; } = new("--group-by") { Description = "'prompt': rows share a prompt with one response each (HelpSteer-shaped); group them first." };

    public Option<string> ResponseColumn { get; } = new("--response-column") { Description = "With --group-by prompt: the response column.", DefaultValueFactory = _ => "response" };

    public void AddTo(Command command)
    {
        Input.AddTo(command);
        GroupBy.AcceptOnlyFromAmong("prompt");
        foreach (var option in new Option[] { Output, RatingColumns, PromptColumn, GroupBy, ResponseColumn })
            command.Options.Add(option);
    }

    public PreferenceExportOptions Options(ParseResult parse) => new()
    {
        RatingColumns = parse.GetValue(RatingColumns) is { Length: > 0 } columns ? columns : ["ratings"],
        PromptColumn = parse.GetValue(PromptColumn),
        GroupByPrompt = parse.GetValue(GroupBy) == "prompt",
        ResponseColumn = parse.GetValue(ResponseColumn) ?? "response",
    };

    /// <summary>Opens the input, writes the export, prints the summary; bad input is one line and exit code 2.</summary>
    public async Task<int> RunAsync(
        ParseResult parse, Func<IAsyncEnumerable<Row>, PreferenceExportSummary, IAsyncEnumerable<Row>> export, DatasetWriteOptions writeOptions, string what, CancellationToken cancellationToken)
    {
        var console = new ConsoleReporter();
        try
        {
            var source = await Input.OpenAsync(parse, cancellationToken);
            var summary = new PreferenceExportSummary();
            var output = parse.GetValue(Output)!;
            await DatasetFiles.WriteAsync(output, export(source.ReadAsync(cancellationToken: cancellationToken), summary), writeOptions, cancellationToken);
            Console.WriteLine($"{what}: {summary} → {output}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is UsageException or DatasetFormatException or HubException or ArgumentException or IOException or NotSupportedException)
        {
            console.Error(e.Message);
            return ExitCodes.Error;
        }
    }
}

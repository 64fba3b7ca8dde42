using System.Text;
using System.Text.Json.Nodes;

namespace Distilabel.Notebooks.Tests;

/// <summary>An executed notebook (nbformat 4 JSON) with its outputs as text.</summary>
public sealed class ExecutedNotebook(JsonNode document, string outputDirectory, string packageVersion)
{
    /// <summary>Where the notebook wrote its exports (DISTILABEL_NOTEBOOK_OUTPUT).</summary>
    public string OutputDirectory { get; } = outputDirectory;

    /// <summary>The version of the packages the notebook was given.</summary>
    public string PackageVersion { get; } = packageVersion;

    /// <summary>The code cells, in order.</summary>
    public IReadOnlyList<Cell> CodeCells { get; } = document["cells"]!.AsArray()
        .Where(c => (string?)c!["cell_type"] == "code")
        .Select(c => new Cell(
            Text(c!["source"]),
            c["metadata"]?["tags"]?.AsArray().Select(t => (string)t!).ToArray() ?? [],
            c["outputs"]!.AsArray().Select(o => o!).ToList()))
        .ToList();

    /// <summary>Every output of every cell, as one text (stream text, each mime type's data, error name/value/traceback).</summary>
    public string AllOutputs => string.Join("\n", CodeCells.Select(c => c.OutputText));

    /// <summary>A code cell: source, tags and outputs.</summary>
    public sealed record Cell(string Source, IReadOnlyList<string> Tags, IReadOnlyList<JsonNode> Outputs)
    {
        public bool HasError => Outputs.Any(o => (string?)o["output_type"] == "error");

        public string OutputText
        {
            get
            {
                var text = new StringBuilder();
                foreach (var output in Outputs)
                {
                    switch ((string?)output["output_type"])
                    {
                        case "stream":
                            text.AppendLine(ExecutedNotebook.Text(output["text"]));
                            break;
                        case "error":
                            text.AppendLine((string?)output["ename"]).AppendLine((string?)output["evalue"]);
                            text.AppendLine(ExecutedNotebook.Text(output["traceback"]));
                            break;
                        default:
                            foreach (var (_, value) in output["data"]?.AsObject() ?? [])
                                text.AppendLine(ExecutedNotebook.Text(value));
                            break;
                    }
                }

                return text.ToString();
            }
        }

        public override string ToString() => Source.Length > 60 ? Source[..60] + "…" : Source;
    }

    /// <summary>nbformat text: a string or a list of strings.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l is JsonValue v && v.TryGetValue<string>(out var s) ? s : l?.ToJsonString())),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}

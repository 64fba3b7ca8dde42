using System.Text.Json.Nodes;

namespace Distilabel.Notebooks.Tests;

/// <summary>
/// The notebooks as committed: no outputs, no execution counts (an executed first cell even holds a bootstrap script
/// with machine details), the first cell loads the packages from the local feed, and every notebook has its twin.
/// Fast, and needs no tools.
/// </summary>
public sealed class NotebookFileTests
{
    /// <summary>The notebooks the other tests execute; a new notebook must be added there (and here).</summary>
    private static readonly string[] Expected = ["01-helpsteer-aif", "02-custom-tasks", "03-argilla", "04-ultrafeedback"];

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(NotebookEnvironment.NotebooksDirectory, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void Every_notebook_has_a_twin_and_is_executed_by_the_tests()
    {
        var notebooks = Directory.GetFiles(NotebookEnvironment.NotebooksDirectory, "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        var twins = Directory.GetFiles(NotebookEnvironment.NotebooksDirectory, "*.cs").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(Expected, notebooks);
        Assert.Equal(Expected, twins);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Committed_notebook_has_no_outputs_and_no_execution_counts(string file)
    {
        var notebook = Load(file);
        Assert.Equal(4, (int)notebook["nbformat"]!);
        foreach (var cell in notebook["cells"]!.AsArray().Select(c => c!))
        {
            var source = Source(cell);
            if ((string?)cell["cell_type"] == "code")
            {
                var outputs = cell["outputs"]?.AsArray();
                Assert.True(outputs is { Count: 0 }, $"{file}: a code cell has outputs; clear them before committing (cell: {Head(source)})");
                Assert.True(cell["execution_count"] is null, $"{file}: a code cell has an execution count; clear outputs before committing (cell: {Head(source)})");
            }
            else
            {
                Assert.Null(cell["outputs"]);
                Assert.Null(cell["attachments"]);
            }

            Assert.Null(cell["metadata"]?["execution"]); // JupyterLab's timing record
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_uses_the_dotnet_kernel_and_loads_the_packages_from_the_local_feed_first(string file)
    {
        var notebook = Load(file);
        Assert.Equal(".net-csharp", (string?)notebook["metadata"]?["kernelspec"]?["name"]);
        var code = notebook["cells"]!.AsArray().Select(c => c!).Where(c => (string?)c["cell_type"] == "code").ToList();
        var first = Source(code[0]);
        Assert.Contains("#i \"nuget: {feed}\"", first, StringComparison.Ordinal);
        Assert.Contains("#r \"nuget: Distilabel, {distilabelVersion}\"", first, StringComparison.Ordinal);
        Assert.Contains("#r \"nuget: Distilabel.Interactive, {distilabelVersion}\"", first, StringComparison.Ordinal);
        Assert.Contains("Distilabel.Notebooks.sln", first, StringComparison.Ordinal);
        Assert.Contains("\"artifacts\", \"packages\"", first, StringComparison.Ordinal);

        // The tasks are declared in cells, with the generator.
        Assert.Contains(code, c => Source(c).StartsWith("#!llm-task", StringComparison.Ordinal));

        // A cell expected to fail is a task cell after every other code cell, so "Run All" runs everything else.
        var failing = code.Select((c, i) => (Cell: c, Index: i)).Where(c => Tags(c.Cell).Contains("raises-exception")).ToList();
        foreach (var (cell, index) in failing)
        {
            Assert.StartsWith("#!llm-task", Source(cell), StringComparison.Ordinal);
            Assert.True(code.Skip(index + 1).All(c => Tags(c).Contains("raises-exception")), $"{file}: a cell expected to fail must come after every other code cell");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Twin_is_a_file_based_app_on_the_library_project(string file)
    {
        var twin = File.ReadAllText(Path.Combine(NotebookEnvironment.NotebooksDirectory, Path.ChangeExtension(file, ".cs")));
        Assert.StartsWith("#:project ../src/Distilabel/Distilabel.csproj\n", twin.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("[LlmTask(", twin, StringComparison.Ordinal);
        Assert.Contains("public partial record ", twin, StringComparison.Ordinal);
    }

    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(NotebookEnvironment.NotebooksDirectory, file)))!;

    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        var value => (string?)value ?? "",
    };

    private static string[] Tags(JsonNode cell) => cell["metadata"]?["tags"]?.AsArray().Select(t => (string)t!).ToArray() ?? [];

    private static string Head(string source) => source.Length > 60 ? source[..60] + "…" : source;
}

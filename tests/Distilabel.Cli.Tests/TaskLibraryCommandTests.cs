using System.Text.Json;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests;

/// <summary><c>distilabel tasks</c> and the task library through <c>distilabel label</c>: a real child process and the tiny model.</summary>
public class TaskLibraryCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distilabel-library-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Jsonl(string name, params object[] rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(r)));
        return path;
    }

    private static List<JsonElement> ReadRows(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public async Task Tasks_lists_every_registered_task_with_inputs_outputs_scales_and_parameters()
    {
        var result = await CliRunner.RunAsync(["tasks"]);

        Assert.True(result.ExitCode == 0, result.All);
        var lines = result.StdOut.ReplaceLineEndings("\n").Split('\n');
        foreach (var task in LlmTaskRegistry.All)
        {
            var at = Array.FindIndex(lines, l => l.StartsWith(task.Descriptor.Name + ":", StringComparison.Ordinal) || l == task.Descriptor.Name);
            Assert.True(at >= 0, $"'{task.Descriptor.Name}' is not listed:\n{result.StdOut}");
            Assert.All(task.Descriptor.Inputs, i => Assert.Contains(i.Name, lines[at + 1], StringComparison.Ordinal));
            Assert.All(task.Descriptor.Outputs, o => Assert.Contains(o.Name, lines[at + 2], StringComparison.Ordinal));
            Assert.All(task.Descriptor.Parameters, p => Assert.Contains($"{p.Name} = ", lines[at + 3], StringComparison.Ordinal));
        }

        Assert.Contains("  outputs:    scores (1-(N+1) for N items, one per item of responses)", lines);
        Assert.Contains("  outputs:    correctness (0-4), coherence (0-4), complexity (0-4), verbosity (0-4), helpfulness (0-4)", lines);
        Assert.Contains("  parameters: num_evolutions = 3 (int), seed = 42 (int)", lines);
        Assert.Contains(lines, l => l.StartsWith("  parameters: num_instructions = 5 (int), application_description = AI assistant (string)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tasks_shows_one_library_task_with_its_parameters_set()
    {
        var result = await CliRunner.RunAsync(["tasks", "--task", "self-instruct", "--task-param", "num_instructions=3"]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("num_instructions = 3 (int)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("write 3 different queries", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipe_explodes_self_instruct_into_one_row_per_instruction()
    {
        await using var writer = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(
            "<instructions>\n<item index=\"1\">Suggest a quick vegan dinner.</item>\n<item index=\"2\">How long do I boil pasta?</item>\n</instructions>"));
        var recipe = Path.Combine(_dir, "recipe.yaml");
        File.WriteAllText(recipe, $$"""
            steps:
              - label:
                  task: self-instruct
                  params: {num_instructions: 2, application_description: a cooking assistant}
                  llm: {provider: openai-compatible, base_url: "{{writer.BaseUrl}}", model: writer}
              - explode:
                  columns: [instructions]
                  rename: {instructions: instruction}
            """);
        var output = Path.Combine(_dir, "instructions.jsonl");

        var result = await CliRunner.RunAsync(["run", recipe, "--input", Jsonl("in.jsonl", new { input = "Italian food.", id = 1 }, new { input = "Vegan food.", id = 2 }), "--output", output]);

        Assert.True(result.ExitCode == 0, result.All);
        var rows = ReadRows(output);
        Assert.Equal([1, 1, 2, 2], rows.Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(["Suggest a quick vegan dinner.", "How long do I boil pasta?", "Suggest a quick vegan dinner.", "How long do I boil pasta?"], rows.Select(r => r.GetProperty("instruction").GetString()));
        Assert.Contains("application: a cooking assistant.", writer.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("write 2 different queries", writer.Requests[0].Body, StringComparison.Ordinal);
    }

    [RequiresTinyModelFact]
    public async Task Label_runs_evol_instruct_rounds_on_the_tiny_model()
    {
        var input = Jsonl("in.jsonl", new { instruction = "Write a poem about the sea.", id = 1 }, new { instruction = "Explain how a bicycle works.", id = 2 });
        var output = Path.Combine(_dir, "evolved.jsonl");

        var result = await CliRunner.RunAsync(["label", "--task", "evol-instruct", "--task-param", "num_evolutions=2", "--task-param", "seed=7",
            "--input", input, "--output", output, "--llm", "llamacpp", "--model", SharedFiles.TinyModelPath!, "--max-new-tokens", "40", "--concurrency", "1"]);

        // Exit 1 is legitimate when every round of a row was eliminated (the row keeps its reasons); nothing else is.
        Assert.True(result.ExitCode is 0 or 1, result.All);
        var rows = ReadRows(output);
        Assert.Equal([1, 2], rows.Select(r => r.GetProperty("id").GetInt32()));
        Assert.All(rows, row =>
        {
            Assert.Equal(2, row.GetProperty("evolved_instructions").GetArrayLength());
            Assert.Equal(2, row.GetProperty("elimination_reasons").GetArrayLength());
            Assert.All(row.GetProperty("evolution_methods").EnumerateArray(), m => Assert.Contains(m.GetString(), new[] { "breadth", "constraints", "deepen", "concretizing", "reasoning" }));
            Assert.Equal(2, JsonSerializer.Deserialize<string?[]>(row.GetProperty("raw_labelling_response").GetString()!)!.Length);
            // Each round is kept or eliminated with a reason, never both nor neither.
            var kept = row.GetProperty("evolved_instructions").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String).ToList();
            var reasons = row.GetProperty("elimination_reasons").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String).ToList();
            Assert.Equal(kept.Select(k => !k), reasons);
        });
    }

    [RequiresTinyModelFact]
    public async Task Label_runs_the_quality_scorer_on_the_tiny_model_with_one_valid_score_per_response()
    {
        var input = Jsonl("in.jsonl",
            new { instruction = "Name a fruit.", responses = new[] { "An apple.", "A carrot." } },
            new { instruction = "What is 2 + 2?", responses = new[] { "4", "5", "Four, because two and two make four." } });
        var output = Path.Combine(_dir, "scored.jsonl");

        var result = await CliRunner.RunAsync(["label", "--task", "quality-scorer", "--input", input, "--output", output,
            "--llm", "llamacpp", "--model", SharedFiles.TinyModelPath!, "--max-new-tokens", "60", "--concurrency", "1"]);

        Assert.True(result.ExitCode == 0, result.All);
        var rows = ReadRows(output);
        Assert.Equal([2, 3], rows.Select(r => r.GetProperty("scores").GetArrayLength()));
        Assert.All(rows, row =>
        {
            var count = row.GetProperty("responses").GetArrayLength();
            Assert.All(row.GetProperty("scores").EnumerateArray(), s => Assert.InRange(s.GetInt32(), 1, count + 1));
            Assert.StartsWith("[1] Score: ", row.GetProperty("raw_labelling_response").GetString(), StringComparison.Ordinal);
        });
    }
}

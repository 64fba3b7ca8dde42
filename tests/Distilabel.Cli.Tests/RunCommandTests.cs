using System.Text.Json;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests;

/// <summary><c>distilabel run RECIPE</c> end to end: a real child process, recipe files, real HTTP on 127.0.0.1, the tiny model.</summary>
public class RunCommandTests : IDisposable
{
    private const string GoodAnswer = "<correctness>4</correctness><coherence>3</coherence><complexity>2</complexity><verbosity>1</verbosity><helpfulness>0</helpfulness>";
    private readonly string _dir = Directory.CreateTempSubdirectory("distilabel-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Input(int rows)
    {
        var path = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { prompt = $"Tell a story about a cat called Tom{i}.", id = i })));
        return path;
    }

    private string Recipe(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<JsonElement> ReadRows(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [RequiresTinyModelFact]
    public async Task A_generate_then_label_recipe_with_a_pool_runs_end_to_end_and_resumes_without_asking_again()
    {
        var model = SharedFiles.TinyModelPath!;
        await using var http = await LlamaOpenAIServer.StartAsync(model);
        await using var judge = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer));
        var recipe = Recipe("recipe.yaml", $$"""
            # Two LLMs share three generations per row (2 + 1), then a judge rates each generation.
            steps:
              - generate:
                  num_generations: 3
                  max_new_tokens: 12
                  pool:
                    - provider: llamacpp
                      model: {{model}}
                      name: tiny-in-process
                      concurrency: 1
                    - provider: openai-compatible
                      base_url: {{http.BaseUrl}}
                      model: tiny
                      name: tiny-over-http
                      concurrency: 2
                      timeout_seconds: 120
              - explode:
                  columns: [generations, generation_models]
                  rename: {generations: response}
              - label:
                  task: helpsteer
                  llm: {provider: openai-compatible, base_url: "{{judge.BaseUrl}}", model: judge}
                  concurrency: 3
            """);
        var output = Path.Combine(_dir, "out.jsonl");
        var summary = Path.Combine(_dir, "summary.json");

        // No response cache: at temperature 0 a member answers a prompt the same twice, and the judge would be asked once.
        var first = await CliRunner.RunAsync(["run", recipe, "--input", Input(4), "--output", output, "--summary-json", summary, "--no-cache"]);

        Assert.True(first.ExitCode == 0, first.All);
        var rows = ReadRows(output);
        Assert.Equal(12, rows.Count);
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(i => Enumerable.Repeat(i, 3)), rows.Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(["tiny-in-process", "tiny-in-process", "tiny-over-http"], rows.Take(3).Select(r => r.GetProperty("generation_models").GetString()));
        Assert.All(rows, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("response").GetString()));
            Assert.Equal(JsonValueKind.Null, r.GetProperty("generate_error").ValueKind);
            Assert.Equal(4, r.GetProperty("correctness").GetInt32());
            Assert.Equal("judge", r.GetProperty("labelling_model").GetString());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("labelling_error").ValueKind);
        });
        Assert.Equal(4, http.RequestBodies.Count);
        Assert.Equal(12, judge.ChatRequestCount);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(summary)))
            Assert.Equal(12, json.RootElement.GetProperty("rows").GetInt32());

        // The same command again: every step's rows come from the journal; no LLM is asked anything.
        var bytes = await File.ReadAllBytesAsync(output);
        var second = await CliRunner.RunAsync(["run", recipe, "--input", Input(4), "--output", output, "--no-cache"]);

        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("Resumed: 12 finished rows came from the journal", second.StdErr.ReplaceLineEndings(" "));
        Assert.Equal(4, http.RequestBodies.Count);
        Assert.Equal(12, judge.ChatRequestCount);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task A_failing_pool_member_fails_only_its_rows_and_the_summary_counts_them_by_kind()
    {
        await using var good = await ScriptedOpenAIServer.StartAsync(r => ScriptedResponse.Content("a story: " + r.LastUserMessage));
        await using var failing = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Status(500));
        await using var judge = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer));
        var recipe = Recipe("recipe.json", $$"""
            {
              "steps": [
                { "generate": { "num_generations": 2, "pool": [
                    { "provider": "openai-compatible", "base_url": "{{good.BaseUrl}}", "model": "good" },
                    { "provider": "openai-compatible", "base_url": "{{failing.BaseUrl}}", "model": "failing", "max_attempts": 1 } ] } },
                { "explode": { "columns": ["generations", "generation_models"], "rename": { "generations": "response" } } },
                { "label": { "task": "helpsteer", "llm": { "provider": "openai-compatible", "base_url": "{{judge.BaseUrl}}", "model": "judge" } } },
                { "select": ["id", "response", "generation_models", "correctness", "labelling_error"] }
              ]
            }
            """);
        var output = Path.Combine(_dir, "out.jsonl");
        var summary = Path.Combine(_dir, "summary.json");

        var result = await CliRunner.RunAsync(["run", recipe, "--input", Input(5), "--output", output, "--summary-json", summary]);

        Assert.Equal(1, result.ExitCode);
        var rows = ReadRows(output);
        Assert.Equal(10, rows.Count);
        Assert.Equal(["id", "response", "generation_models", "correctness", "labelling_error"], rows[0].EnumerateObject().Select(p => p.Name));
        Assert.All(rows.Where((_, i) => i % 2 == 0), r => Assert.Equal(4, r.GetProperty("correctness").GetInt32()));
        Assert.All(rows.Where((_, i) => i % 2 == 1), r =>
        {
            Assert.Equal("failing", r.GetProperty("generation_models").GetString());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("response").ValueKind);
            Assert.StartsWith("bad input", r.GetProperty("labelling_error").GetString());
        });
        Assert.Equal(5, judge.ChatRequestCount);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(summary));
        var byKind = json.RootElement.GetProperty("failures_by_kind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["server error (500 Internal Server Error)"] = 5 }, byKind);
        Assert.Contains("5 of 10 rows were not labelled", result.StdErr);
    }

    [Fact]
    public async Task A_label_step_runs_a_task_file_beside_the_recipe_with_its_params()
    {
        // The judge rates item k with k and names the aspect the system prompt asked for, so the params provably reach the prompt.
        await using var judge = await ScriptedOpenAIServer.StartAsync(r =>
        {
            var items = r.Body.Split("<item index=\\\"").Length - 1;
            var aspect = r.Body.Contains("Judge the clarity", StringComparison.Ordinal) ? "clarity" : "other";
            var ratings = string.Concat(Enumerable.Range(1, items).Select(k => $"<item index=\"{k}\">{k}</item>\n"));
            return ScriptedResponse.Content($"<ratings>\n{ratings}</ratings>\n<verdict>{aspect}</verdict>");
        });
        Recipe("ListJudge.cs", """
            [LlmTask(SystemPrompt = "Judge the {aspect} of each answer.")]
            public partial record ListJudge
            {
                [Input] public required string Prompt { get; init; }
                [Input] public required IReadOnlyList<string> Answers { get; init; }
                [Rating(1, 5)] public IReadOnlyList<int?> Ratings { get; init; } = [];
                [Output] public string? Verdict { get; init; }
                [Parameter] public string Aspect { get; init; } = "accuracy";
            }
            """);
        var recipe = Recipe("recipe.yaml", $"""
            steps:
              - label:
                  task: ListJudge.cs
                  params: {"{"}aspect: clarity{"}"}
                  llm: {"{"}provider: openai-compatible, base_url: "{judge.BaseUrl}", model: judge{"}"}
            """);
        var input = Path.Combine(_dir, "lists.jsonl");
        File.WriteAllLines(input, [JsonSerializer.Serialize(new { prompt = "p", answers = new[] { "a", "b" } })]);
        var output = Path.Combine(_dir, "out.jsonl");

        var result = await CliRunner.RunAsync(["run", recipe, "--input", input, "--output", output, "--no-cache"]);

        Assert.True(result.ExitCode == 0, result.All);
        var row = Assert.Single(ReadRows(output));
        Assert.Equal([1, 2], row.GetProperty("ratings").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("clarity", row.GetProperty("verdict").GetString());
        Assert.Equal(1, judge.ChatRequestCount);
    }

    [Theory]
    [InlineData("steps: []", "recipe.yaml: the recipe has no steps")]
    [InlineData("steps:\n  - label: {task: nope, llm: {provider: openai, model: m}}", "recipe.yaml: step 1 (label): unknown task 'nope'")]
    [InlineData("steps:\n  - label: {task: helpsteer, params: {aspect: honesty}, llm: {provider: openai, model: m}}", "recipe.yaml: step 1 (label): task 'helpsteer', parameter 'aspect': no such parameter; the task has no parameters")]
    [InlineData("steps:\n  - generate: {num_generations: 2}", "recipe.yaml: step 1 (generate): give either 'llm' or a non-empty 'pool'")]
    [InlineData("steps:\n  - label: {task: helpsteer, colour: red}", "recipe.yaml(2,")]
    [InlineData("steps:\n  - label: {task: helpsteer, llm: {provider: bard, model: m}}", "recipe.yaml: step 1 (label): llm provider 'bard' is not one of openai, openai-compatible, llamacpp")]
    public async Task A_bad_recipe_is_one_line_naming_the_file_and_step_and_exit_code_2(string text, string message)
    {
        var recipe = Recipe("recipe.yaml", text);
        var output = Path.Combine(_dir, "out.jsonl");

        var result = await CliRunner.RunAsync(["run", recipe, "--input", Input(1), "--output", output]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.False(File.Exists(output));
    }
}

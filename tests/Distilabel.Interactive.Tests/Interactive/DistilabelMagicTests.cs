using System.Text.Json;
using Distilabel.Testing.OpenAI;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive.Tests.Interactive;

/// <summary><c>#!distilabel label …</c> in a kernel: the library's one-call job against a loopback OpenAI-compatible server.</summary>
[Collection(KernelCollection.Name)]
public sealed class DistilabelMagicTests : IDisposable
{
    private const string GoodAnswer = "<correctness>4</correctness>\n<coherence>3</coherence>\n<complexity>2</complexity>\n<verbosity>1</verbosity>\n<helpfulness>0</helpfulness>";

    private readonly string _folder = Directory.CreateTempSubdirectory("distilabel-magic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteInput(int rows)
    {
        var path = Path.Combine(_folder, "in put.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { prompt = $"q{i}?", response = $"<b>a{i}</b>" })));
        return path;
    }

    private string Magic(ScriptedOpenAIServer server, string input, params string[] extra)
        => $"#!distilabel\nlabel --task helpsteer --input \"{input}\" --output {Path.Combine(_folder, "out.jsonl")} \\\n"
           + $"  --llm openai-compatible --base-url {server.BaseUrl} --model judge {string.Join(' ', extra)}";

    [Fact]
    public async Task A_label_cell_shows_live_progress_then_the_labelled_rows_and_a_rerun_resumes_from_the_journal()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer, promptTokens: 10, completionTokens: 5));
        using var kernel = await TestKernel.CreateAsync();
        var input = WriteInput(5);

        var result = await kernel.SubmitSuccessfullyAsync(Magic(server, input));

        var shown = result.Events.OfType<DisplayedValueProduced>().ToList();
        var progress = shown[0];
        Assert.Contains("aria-label=\"pipeline progress\"", progress.Html(), StringComparison.Ordinal);
        var updates = result.Events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == progress.ValueId).ToList();
        Assert.NotEmpty(updates);
        // A JSONL input is read once, so its progress counts rows without a total (Parquet gives one from its footer).
        Assert.Contains("<strong>5 rows</strong>", updates[^1].Html(), StringComparison.Ordinal);
        Assert.Contains("Labelling in put.jsonl with helpsteer", updates[^1].Html(), StringComparison.Ordinal);
        var preview = shown[1].Html();
        Assert.Contains("Labelled dataset", preview, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;a0&lt;/b&gt;", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>a0</b>", preview, StringComparison.Ordinal);
        var summary = shown[2].FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value;
        Assert.StartsWith("5 of 5 rows labelled → ", summary, StringComparison.Ordinal);
        Assert.Equal(5, server.ChatRequestCount);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_folder, "out.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(_folder, ".distilabel", "out.jsonl.journal.db")));

        var again = await kernel.SubmitSuccessfullyAsync(Magic(server, input, "--resume"));

        Assert.Equal(5, server.ChatRequestCount);
        var resumed = again.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value;
        Assert.Contains("5 from the journal", resumed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus 1", "unknown option '--bogus'")]
    [InlineData("--concurrency 0", "--concurrency must be a number between 1 and 4096")]
    [InlineData("--resume", "there is no journal to resume")]
    [InlineData("--fresh --resume", "--fresh and --resume contradict each other")]
    public async Task A_bad_cell_fails_with_one_line_naming_the_option_and_asks_nothing(string extra, string expected)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer));
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitAsync(Magic(server, WriteInput(2), extra));

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.Contains(expected, failed.Message, StringComparison.Ordinal);
        Assert.StartsWith("#!distilabel: ", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.ChatRequestCount);
        Assert.False(File.Exists(Path.Combine(_folder, "out.jsonl")));
    }

    [Fact]
    public async Task A_run_cell_runs_a_recipe_with_the_shared_input_options_and_a_rerun_resumes_from_the_journal()
    {
        await using var generator = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<i>an answer</i>", promptTokens: 3, completionTokens: 2));
        await using var judge = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer, promptTokens: 10, completionTokens: 5));
        using var kernel = await TestKernel.CreateAsync();
        var input = Path.Combine(_folder, "questions.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 3).Select(i => JsonSerializer.Serialize(new { question = $"q{i}?", noise = i })));
        var recipe = Path.Combine(_folder, "recipe.yaml");
        File.WriteAllText(recipe, $$"""
            steps:
              - generate:
                  num_generations: 2
                  pool:
                    - {provider: openai-compatible, base_url: "{{generator.BaseUrl}}", model: gen}
              - explode:
                  columns: [generations, generation_models]
                  rename: {generations: response}
              - label:
                  task: helpsteer
                  llm: {provider: openai-compatible, base_url: "{{judge.BaseUrl}}", model: judge}
            """);
        var output = Path.Combine(_folder, "pairs.jsonl");
        var cell = $"#!distilabel\nrun \"{recipe}\" --input {input} --output {output} \\\n  --rename-column question=prompt --drop-columns noise --no-cache";

        var result = await kernel.SubmitSuccessfullyAsync(cell);

        var shown = result.Events.OfType<DisplayedValueProduced>().ToList();
        var updates = result.Events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == shown[0].ValueId).ToList();
        Assert.Contains("Running recipe.yaml (generate → explode(generations->response,generation_models) → helpsteer) on questions.jsonl", System.Net.WebUtility.HtmlDecode(updates[^1].Html()), StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;an answer&lt;/i&gt;", shown[1].Html(), StringComparison.Ordinal);
        var summary = shown[2].FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value;
        Assert.StartsWith("6 of 6 rows written → ", summary, StringComparison.Ordinal);
        var rows = File.ReadAllLines(output).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(6, rows.Count);
        Assert.All(rows, row => Assert.False(row.TryGetProperty("noise", out _)));
        Assert.Equal(["q0?", "q0?", "q1?", "q1?", "q2?", "q2?"], rows.Select(r => r.GetProperty("prompt").GetString()));
        Assert.All(rows, row => Assert.Equal(4, row.GetProperty("correctness").GetInt32()));
        Assert.Equal(6, generator.ChatRequestCount);
        Assert.Equal(6, judge.ChatRequestCount);

        var again = await kernel.SubmitSuccessfullyAsync(cell + " --resume");

        Assert.Equal(6, judge.ChatRequestCount);
        var resumed = again.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value;
        Assert.Contains("from the journal", resumed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_label_cell_takes_a_task_file_and_reports_one_that_does_not_compile()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<brevity>4</brevity>"));
        using var kernel = await TestKernel.CreateAsync();
        var judge = Path.Combine(_folder, "BrevityFileJudge.cs");
        File.WriteAllText(judge, """
            namespace MagicFileTasks;

            [LlmTask(Name = "brevity_file", SystemPrompt = "Rate how brief the answer is.")]
            public partial record BrevityFileJudge
            {
                [Input] public required string Response { get; init; }
                [Rating(0, 4)] public int? Brevity { get; init; }
            }
            """);
        var broken = Path.Combine(_folder, "Broken.cs");
        File.WriteAllText(broken, "namespace MagicFileTasks;\n[LlmTask]\npublic partial record Broken\n{\n    [Input] public required string Question { get; init; }\n    [Rating(5, 1)] public int? Score { get; init; }\n}\n");
        string Cell(string task) => $"#!distilabel\nlabel --task \"{task}\" --input \"{WriteInput(2)}\" --output {Path.Combine(_folder, "out.jsonl")} --llm openai-compatible --base-url {server.BaseUrl} --model judge";

        var result = await kernel.SubmitSuccessfullyAsync(Cell(judge));
        var failed = await kernel.SubmitAsync(Cell(broken));

        Assert.Contains("2 of 2 rows labelled", result.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value, StringComparison.Ordinal);
        Assert.All(File.ReadAllLines(Path.Combine(_folder, "out.jsonl")), line => Assert.Equal(4, JsonDocument.Parse(line).RootElement.GetProperty("brevity").GetInt32()));
        Assert.Contains("DLB0004", Assert.Single(failed.Events.OfType<CommandFailed>()).Message, StringComparison.Ordinal);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Theory]
    [InlineData("run --input in.jsonl --output out.jsonl", "run needs the recipe file first")]
    [InlineData("run missing.yaml --input in.jsonl --output out.jsonl", "recipe file not found: missing.yaml")]
    [InlineData("run r.yaml --input in.jsonl --output out.jsonl --journal-after-success sometimes", "--journal-after-success must be keep or delete (got 'sometimes')")]
    [InlineData("run r.yaml --input in.jsonl --output out.jsonl --rename-column nope", "--rename-column expects FROM=TO (got 'nope')")]
    [InlineData("label --input in.jsonl --output out.jsonl", "--llm is required")]
    [InlineData("label --input in.jsonl --output out.jsonl --llm gemini", "--llm must be openai, openai-compatible or llamacpp (got 'gemini')")]
    [InlineData("push --input in.jsonl", "expected 'label' or 'run'")]
    [InlineData("label --task nope.cs --input in.jsonl --output out.jsonl --llm openai", "task file not found: ")]
    public async Task A_bad_command_fails_with_one_line_naming_what_is_wrong(string line, string expected)
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitAsync($"#!distilabel\n{line}");

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.StartsWith("#!distilabel: ", failed.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_follow_the_shell_quotes_continuations_and_variables()
    {
        var environment = new Dictionary<string, string?> { ["MODEL"] = "/m/tiny.gguf" };

        var words = MagicWords.Split("label --input \"a b.jsonl\" \\\n  --model $MODEL --output ${OUT:-out dir}/x.jsonl --seed '$MODEL'", name => environment.GetValueOrDefault(name));

        Assert.Equal(["label", "--input", "a b.jsonl", "--model", "/m/tiny.gguf", "--output", "out dir/x.jsonl", "--seed", "$MODEL"], words);
        var unset = Assert.Throws<FormatException>(() => MagicWords.Split("--model $NOPE", name => environment.GetValueOrDefault(name)));
        Assert.Contains("NOPE is not set", unset.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests;

/// <summary>
/// The UltraFeedback recipe in one <c>distilabel run</c>: a pool of generators, the ultrafeedback judge, DPO pairs out.
/// A real child process, the tiny model in process and over loopback HTTP, and a scripted judge where ratings must be known.
/// </summary>
public class UltraFeedbackRecipeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distilabel-ultrafeedback-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Input(params string[] instructions)
    {
        var path = Path.Combine(_dir, "prompts.jsonl");
        File.WriteAllLines(path, instructions.Select(i => JsonSerializer.Serialize(new { instruction = i })));
        return path;
    }

    private static List<JsonElement> ReadRows(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static string Content(JsonElement conversation, int message) => conversation[message].GetProperty("content").GetString()!;

    [RequiresTinyModelFact]
    public async Task The_shipped_recipe_writes_dpo_pairs_from_the_tiny_model()
    {
        var recipe = Path.Combine(SharedFiles.RepoRoot, "samples", "recipes", "ultrafeedback.yaml");
        var prompts = new[] { "Tell a story about a red kite.", "Describe a quiet morning.", "Write about a dog and a ball." };
        var output = Path.Combine(_dir, "dpo.jsonl");

        var result = await CliRunner.RunAsync(["run", recipe, "--input", Input(prompts), "--output", output, "--no-cache"]);

        Assert.True(result.ExitCode == 0, result.All);
        var pairs = ReadRows(output);
        // A prompt whose three ratings all tie gives no pair; the tiny model's ratings are random but seeded.
        Assert.NotEmpty(pairs);
        Assert.All(pairs, pair =>
        {
            Assert.Equal(["prompt", "prompt_id", "chosen", "chosen_model", "chosen_rating", "rejected", "rejected_model", "rejected_rating"], pair.EnumerateObject().Select(p => p.Name));
            var prompt = pair.GetProperty("prompt").GetString()!;
            Assert.Contains(prompt, prompts);
            Assert.Equal(prompt, Content(pair.GetProperty("chosen"), 0));
            Assert.Equal(prompt, Content(pair.GetProperty("rejected"), 0));
            Assert.InRange(pair.GetProperty("rejected_rating").GetInt32(), 1, pair.GetProperty("chosen_rating").GetInt32() - 1);
            Assert.NotEqual(Content(pair.GetProperty("chosen"), 1), Content(pair.GetProperty("rejected"), 1));
            Assert.Contains(pair.GetProperty("chosen_model").GetString(), new[] { "generator-a", "generator-b" });
        });
    }

    [RequiresTinyModelFact]
    public async Task A_pool_over_loopback_and_a_judge_in_ultracm_format_give_the_expected_pairs()
    {
        var model = SharedFiles.TinyModelPath!;
        await using var http = await LlamaOpenAIServer.StartAsync(model);
        // UltraCM's answer: text 1 best, text 2 worst, after a preamble (which must not shift the ratings).
        await using var judge = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(
            "My assessment follows.\n\n#### Output for Text 1\nRating: 5\nRationale: Vivid: it tells a story.\n\n#### Output for Text 2\nRating: 2\nRationale: Rambling.\n\n#### Output for Text 3\nRating: 3\nRationale: Fine."));
        var recipe = Path.Combine(_dir, "ultrafeedback.yaml");
        File.WriteAllText(recipe, $$"""
            steps:
              - generate:
                  instruction_column: instruction
                  num_generations: 3
                  max_new_tokens: 16
                  temperature: 0.8
                  seed: 1
                  pool:
                    - {provider: llamacpp, model: {{model}}, name: in-process, concurrency: 1}
                    - {provider: openai-compatible, base_url: "{{http.BaseUrl}}", model: tiny, name: over-http, concurrency: 2}
              - label:
                  task: ultrafeedback
                  params: {aspect: honesty}
                  llm: {provider: openai-compatible, base_url: "{{judge.BaseUrl}}", model: ultracm}
              - preference_pairs: {format: trl}
            """);
        var output = Path.Combine(_dir, "dpo.jsonl");

        var result = await CliRunner.RunAsync(["run", recipe, "--input", Input("Tell a story about Tom.", "Tell a story about Sue."), "--output", output, "--no-cache"]);

        Assert.True(result.ExitCode == 0, result.All);
        var pairs = ReadRows(output);
        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, pair =>
        {
            Assert.Equal(5, pair.GetProperty("chosen_rating").GetInt32());
            Assert.Equal(2, pair.GetProperty("rejected_rating").GetInt32());
            // The pool splits 3 generations 2 + 1: texts 1 and 2 come from the in-process member, each with its own seed.
            Assert.Equal("in-process", pair.GetProperty("chosen_model").GetString());
            Assert.Equal("in-process", pair.GetProperty("rejected_model").GetString());
            Assert.NotEqual(Content(pair.GetProperty("chosen"), 0), Content(pair.GetProperty("rejected"), 0));
            Assert.Equal("user", pair.GetProperty("prompt")[0].GetProperty("role").GetString());
        });
    }

    [Fact]
    public async Task A_bad_preference_step_is_one_line_naming_the_step()
    {
        var recipe = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(recipe, "steps:\n  - preference_pairs: {strategy: best-of-three}\n");
        var result = await CliRunner.RunAsync(["run", recipe, "--input", Input("x"), "--output", Path.Combine(_dir, "out.jsonl")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("step 1 (preference_pairs): strategy 'best-of-three' is not one of best-vs-worst, best-vs-random, all-pairs", result.All, StringComparison.Ordinal);
    }
}

using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks.Library;
using Distilabel.Testing;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>Deita's quality scorer: its prompt, its parser on realistic answers (good and bad), its grammar on the tiny model.</summary>
public class QualityScorerTests
{
    private static QualityScorer Sample(int responses = 3) => QualityScorer.FromRow(new Dictionary<string, object?>
    {
        ["instruction"] = "How do I boil an egg?",
        ["responses"] = new[]
        {
            "Put the egg in boiling water for 9 minutes, then cool it in cold water.",
            "Eggs are laid by hens.",
            "Place it in a pot of cold water, bring to the boil, simmer 7-9 minutes for hard-boiled, 4-5 for soft, then plunge into ice water so it peels easily.",
            "Use a microwave.",
        }.Take(responses).ToList(),
    });

    [Fact]
    public void Prompt_matches_baseline_one_user_message_in_the_trained_format()
    {
        var chat = Sample().BuildPrompt();
        Assert.Equal([ChatRole.User], chat.Select(m => m.Role));
        Assert.Contains("[1] Score: <score>\n[2] Score: <score>\n[3] Score: <score>\n", chat[0].Text, StringComparison.Ordinal);
        Assert.Contains("from 1 to 3", chat[0].Text, StringComparison.Ordinal);
        Assert.Contains("give 4 only", chat[0].Text, StringComparison.Ordinal);
        Assert.Contains("#Question#:\nHow do I boil an egg?\n#Response List#:\n[1] Put the egg", chat[0].Text, StringComparison.Ordinal);
        PromptBaseline.Matches("quality-scorer", chat);
    }

    [Fact]
    public void Descriptor_is_registered_with_its_columns_and_open_ended_scale()
    {
        var task = LlmTaskRegistry.Get("quality-scorer");
        Assert.Equal(typeof(QualityScorer), task.TaskType);
        Assert.Equal(["instruction", "responses"], task.Descriptor.Inputs.Select(i => i.Name));
        var scores = Assert.Single(task.Descriptor.Outputs);
        Assert.Equal(("scores", LlmOutputKind.Rating, LlmOutputShape.PerItem, "responses", (int?)1, (int?)null), (scores.Name, scores.Kind, scores.Shape, scores.ItemsOf, scores.Min, scores.Max));
        Assert.Empty(task.Descriptor.Parameters);
        var bad = Assert.Throws<TaskParameterException>(() => task.WithParameters(new Dictionary<string, string> { ["aspect"] = "x" }));
        Assert.Contains("aspect", bad.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1] Score: 4\n[2] Score: 1\n[3] Score: 3", new[] { 4, 1, 3 })]
    [InlineData("[1] score: 4\n[2] SCORE:1\n[3] Score : 3\n", new[] { 4, 1, 3 })]
    [InlineData("Here are my scores for the responses:\n\n[1] Score: 3\n[2] Score: 1\n[3] Score: 4\n\nResponse 3 is the most complete.", new[] { 3, 1, 4 })]
    [InlineData("[Response 1] Score: 2\n[Response 2] Score: 1\n[Response 3] Score: 3", new[] { 2, 1, 3 })]
    [InlineData("**[1] Score: 3**\n**[2] Score: 2**\n**[3] Score: 4**", new[] { 3, 2, 4 })]
    [InlineData("[3] Score: 4\n[1] Score: 2\n[2] Score: 1", new[] { 2, 1, 4 })]
    [InlineData("[1] Score: 4.0\n[2] Score: 2/4\n[3] Score: 3.", new[] { 4, 2, 3 })]
    public void Reads_the_trained_format_by_index(string answer, int[] expected)
        => Assert.Equal(expected.Select(s => (int?)s), Sample().ParseOutput(answer).Scores);

    [Theory]
    // A missing line is null for that item only, and the others keep their places.
    [InlineData("[1] Score: 3\n[3] Score: 2", new[] { 3, -1, 2 })]
    // No digit, a fraction, outside 1..N+1, zero.
    [InlineData("[1] Score: high\n[2] Score: 2.5\n[3] Score: 9", new[] { -1, -1, -1 })]
    [InlineData("[1] Score: 0\n[2] Score: 4\n[3] Score: 1", new[] { -1, 4, 1 })]
    // An index given twice with different scores is ambiguous; the same score twice is not.
    [InlineData("[1] Score: 3\n[1] Score: 1\n[2] Score: 2\n[2] Score: 2\n[3] Score: 1", new[] { -1, 2, 1 })]
    // Indexes outside the list are ignored.
    [InlineData("[0] Score: 1\n[1] Score: 2\n[2] Score: 3\n[3] Score: 4\n[4] Score: 2", new[] { 2, 3, 4 })]
    // Truncated mid-line.
    [InlineData("[1] Score: 2\n[2] Score: 3\n[3] Sco", new[] { 2, 3, -1 })]
    [InlineData("", new[] { -1, -1, -1 })]
    [InlineData("I cannot score these responses.", new[] { -1, -1, -1 })]
    public void A_bad_line_is_null_for_its_item_only(string answer, int[] expected)
        => Assert.Equal(expected.Select(s => s < 0 ? null : (int?)s), Sample().ParseOutput(answer).Scores);

    [Theory]
    [InlineData("{\"scores\": [3, 1, 4]}", new[] { 3, 1, 4 })]
    [InlineData("```json\n{\"scores\": [2, 9]}\n```", new[] { 2, -1, -1 })]
    [InlineData("<scores>\n<item index=\"2\">1</item>\n<item index=\"1\">4</item>\n</scores>", new[] { 4, 1, -1 })]
    public void Falls_back_to_json_and_tags(string answer, int[] expected)
        => Assert.Equal(expected.Select(s => s < 0 ? null : (int?)s), Sample().ParseOutput(answer).Scores);

    [Fact]
    public void A_response_that_holds_score_lines_cannot_supply_the_answer()
    {
        var task = Sample(2) with { Responses = ["[1] Score: 3\n[2] Score: 3", "Fine."] };
        var parsed = task.ParseOutput("[1] Score: 3\n[2] Score: 3\n[1] Score: 1\n[2] Score: 2");
        // The echoed response is removed before reading, so only the model's own lines count.
        Assert.Equal([1, 2], parsed.Scores);
    }

    [Fact]
    public void Grammar_admits_exactly_one_line_per_response_on_the_scale()
    {
        Assert.Equal("root ::= \"[1] Score: \" score \"\\n\" \"[2] Score: \" score \"\\n\"\nscore ::= \"3\" | \"2\" | \"1\"\n", Sample(2).BuildOutputGrammar());
        Assert.Contains("\"11\" | \"10\" | \"9\"", (Sample(1) with { Responses = Enumerable.Repeat("x", 10).ToList() }).BuildOutputGrammar(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rows_name_the_column()
    {
        var missing = Assert.Throws<TaskInputException>(() => QualityScorer.FromRow(new Dictionary<string, object?> { ["instruction"] = "q" }));
        Assert.Equal("responses", missing.Column);
        var wrong = Assert.Throws<TaskInputException>(() => QualityScorer.FromRow(new Dictionary<string, object?> { ["instruction"] = "q", ["responses"] = 4 }));
        Assert.Equal("responses", wrong.Column);
    }

    [RequiresTinyModelFact]
    public void Llama_cpp_compiles_the_grammars()
    {
        using var weights = LLama.LLamaWeights.LoadFromFile(new LLama.Common.ModelParams(SharedFiles.TinyModelPath!) { ContextSize = 512 });
        foreach (var count in new[] { 0, 1, 4, 12 })
            GbnfValidator.EnsureValid(weights, (Sample(1) with { Responses = Enumerable.Repeat("r", count).ToList() }).BuildOutputGrammar());
        GbnfValidator.EnsureValid(weights, QualityScorer.OutputGrammar);
    }

    [RequiresTinyModelFact]
    public async Task The_tiny_model_under_the_grammar_always_gives_one_valid_score_per_response()
    {
        using var client = LlamaCppChatClient.Load(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions { Threads = 1, ContextSize = 1024 });
        var pipeline = LabellingPipeline.For<QualityScorer>(client, new PipelineOptions { MaxNewTokens = 120, Temperature = 1.2f, Seed = 3, Concurrency = 1 });
        var rows = Enumerable.Range(1, 4)
            .Select(n => (IReadOnlyDictionary<string, object?>)Sample(n).ToRow().Where(p => p.Key != "scores").ToDictionary())
            .ToList();

        var labelled = await pipeline.RunAsync(rows);

        for (var i = 0; i < labelled.Count; i++)
        {
            Assert.True(labelled[i].Succeeded, labelled[i].Error);
            var scores = Assert.IsAssignableFrom<IReadOnlyList<int?>>(labelled[i].Values["scores"]);
            Assert.Equal(i + 1, scores.Count);
            Assert.All(scores, s => Assert.InRange(s!.Value, 1, i + 2));
        }
    }
}

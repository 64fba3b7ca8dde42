using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks.Library;
using Distilabel.Testing;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>Deita's complexity scorer: its prompt, its parser on realistic answers (good and bad), its grammar on the tiny model.</summary>
public class ComplexityScorerTests
{
    private static ComplexityScorer Sample(int count = 3) => ComplexityScorer.FromRow(new Dictionary<string, object?>
    {
        ["instructions"] = new[]
        {
            "What is 2 + 2?",
            "Write a haiku about autumn.",
            "Prove that there are infinitely many primes, then generalise the proof to primes of the form 4k + 3.",
            "Name a colour.",
        }.Take(count).ToList(),
    });

    [Fact]
    public void Prompt_matches_baseline_one_user_message_in_the_trained_format()
    {
        var chat = Sample().BuildPrompt();
        Assert.Equal([ChatRole.User], chat.Select(m => m.Role));
        Assert.Contains("from 1 to 3", chat[0].Text, StringComparison.Ordinal);
        Assert.Contains("give 4 only", chat[0].Text, StringComparison.Ordinal);
        Assert.Contains("[1] Score: <score>\n[2] Score: <score>\n[3] Score: <score>\n", chat[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("#Question List#:\n[1] What is 2 + 2?\n[2] Write a haiku about autumn.\n[3] Prove that there are infinitely many primes, then generalise the proof to primes of the form 4k + 3.\n", chat[0].Text, StringComparison.Ordinal);
        PromptBaseline.Matches("complexity-scorer", chat);
    }

    [Fact]
    public void Descriptor_is_registered_with_its_columns()
    {
        var task = LlmTaskRegistry.Get("complexity-scorer");
        Assert.Equal(typeof(ComplexityScorer), task.TaskType);
        var input = Assert.Single(task.Descriptor.Inputs);
        Assert.True(input.IsList);
        Assert.Equal("instructions", input.Name);
        Assert.Equal(("scores", LlmOutputShape.PerItem, "instructions"), (task.Descriptor.Outputs[0].Name, task.Descriptor.Outputs[0].Shape, task.Descriptor.Outputs[0].ItemsOf));
    }

    [Theory]
    [InlineData("[1] Score: 1\n[2] Score: 2\n[3] Score: 3", new[] { 1, 2, 3 })]
    [InlineData("Sure! Ranking the questions by difficulty:\n[1] Score: 1\n[2] Score: 2\n[3] Score: 4\nThe proof is the hardest.", new[] { 1, 2, 4 })]
    [InlineData("[1] Score: 1\n\n[3] Score: 4", new[] { 1, -1, 4 })]
    [InlineData("[1] Score: easy\n[2] Score: 2\n[3] Score: 5", new[] { -1, 2, -1 })]
    [InlineData("[Question 1] Score: 2\n[Question 2] Score: 1\n[Question 3] Score: 3", new[] { 2, 1, 3 })]
    [InlineData("{\"scores\": [1, 3, 4]}", new[] { 1, 3, 4 })]
    [InlineData("The questions are of varying difficulty.", new[] { -1, -1, -1 })]
    public void Parses_one_value_per_instruction(string answer, int[] expected)
        => Assert.Equal(expected.Select(s => s < 0 ? null : (int?)s), Sample().ParseOutput(answer).Scores);

    [Fact]
    public void An_empty_list_gives_no_scores_and_never_throws()
    {
        var task = Sample(0);
        Assert.Empty(task.ParseOutput("[1] Score: 1").Scores);
        Assert.Equal("root ::= \"\\n\"\n", task.BuildOutputGrammar());
    }

    [RequiresTinyModelFact]
    public async Task The_tiny_model_under_the_grammar_always_gives_one_valid_score_per_instruction()
    {
        using var client = LlamaCppChatClient.Load(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions { Threads = 1, ContextSize = 1024 });
        for (var seed = 1; seed <= 3; seed++)
        {
            var task = Sample(4);
            var response = await client.GetResponseAsync(
                task.BuildPrompt(),
                new ChatOptions { Temperature = 1.2f, Seed = seed, MaxOutputTokens = 120 }.WithGrammar(task.BuildOutputGrammar()));
            var scores = task.ParseOutput(response.Text).Scores;
            Assert.Equal(4, scores.Count);
            Assert.All(scores, s => Assert.InRange(s!.Value, 1, 5));
        }
    }
}

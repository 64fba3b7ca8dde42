using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Tasks.Library;
using Distilabel.Testing;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>
/// The open judges' trained-format grammars through the real llama.cpp engine and the tiny model: whatever the
/// (meaningless) model writes, llama.cpp keeps it to the format, and the reader finds one valid value per generation.
/// </summary>
public class LibraryTinyModelTests
{
    private static readonly string[] Answers = ["A cat sat.", "The dog ran home.", "Sun."];

    private static LlamaCppChatClient Load() =>
        LlamaCppChatClient.Load(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions { Threads = 1, ContextSize = 4096 });

    private static async Task<string> AskAsync(IChatClient client, IList<ChatMessage> prompt, string grammar, int seed)
    {
        var response = await client.GetResponseAsync(prompt, new ChatOptions { Temperature = 1.0f, Seed = seed, MaxOutputTokens = 2000 }.WithGrammar(grammar));
        Assert.True(response.FinishReason == ChatFinishReason.Stop, $"seed {seed}: {response.FinishReason} {response.Text}");
        return response.Text;
    }

    [RequiresTinyModelFact]
    public async Task Ultrafeedback_answers_parse_to_one_rating_per_generation_for_every_aspect()
    {
        using var client = Load();
        foreach (var aspect in UltraFeedback.Aspects)
        {
            var task = new UltraFeedback { Instruction = "Tell a story.", Generations = Answers, Aspect = aspect };
            var parsed = task.ParseOutput(await AskAsync(client, task.BuildPrompt(), task.BuildOutputGrammar(), seed: 3));
            Assert.Equal(3, parsed.Ratings.Count);
            Assert.All(parsed.Ratings, r => Assert.InRange(r!.Value, 1, 5));
            Assert.All(parsed.Rationales, r => Assert.False(string.IsNullOrWhiteSpace(r)));
            if (aspect is "helpfulness" or "truthfulness")
                Assert.Equal(3, parsed.RationalesForRatings!.Count(r => !string.IsNullOrWhiteSpace(r)));
        }
    }

    [RequiresTinyModelFact]
    public async Task Judgelm_answers_parse_to_one_score_per_generation()
    {
        using var client = Load();
        for (var seed = 1; seed <= 3; seed++)
        {
            var task = new JudgeLm { Instruction = "Tell a story.", Generations = Answers[..seed] };
            var parsed = task.ParseOutput(await AskAsync(client, task.BuildPrompt(), task.BuildOutputGrammar(), seed));
            Assert.Equal(seed, parsed.Ratings.Count);
            Assert.All(parsed.Ratings, r => Assert.InRange(r!.Value, 1, 10));
            Assert.False(string.IsNullOrWhiteSpace(parsed.Rationale));
        }
    }

    [RequiresTinyModelFact]
    public async Task Prometheus_answers_parse_in_both_modes()
    {
        using var client = Load();
        var absolute = new Prometheus { Instruction = "Tell a story.", Generation = Answers[0], Rubric = "reasoning" };
        var graded = absolute.ParseOutput(await AskAsync(client, absolute.BuildPrompt(), absolute.BuildOutputGrammar(), seed: 1));
        Assert.InRange(graded.Score!.Value, 1, 5);
        Assert.False(string.IsNullOrWhiteSpace(graded.Feedback));

        var relative = new Prometheus { Instruction = "Tell a story.", Generations = Answers[..2], Mode = "relative", Reference = "Once upon a time." };
        var picked = relative.ParseOutput(await AskAsync(client, relative.BuildPrompt(), relative.BuildOutputGrammar(), seed: 2));
        Assert.Contains(picked.Choice, new[] { "A", "B" });
    }

    [RequiresTinyModelFact]
    public async Task Text_generation_runs_unconstrained()
    {
        using var client = Load();
        var task = new TextGeneration { Instruction = "Once upon a time" };
        var response = await client.GetResponseAsync(task.BuildPrompt(), new ChatOptions { Temperature = 0.8f, Seed = 1, MaxOutputTokens = 40 });
        Assert.Equal(response.Text.Trim(), task.ParseOutput(response.Text).Generation);
    }
}

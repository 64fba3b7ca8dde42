using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Testing;
using LLama;
using LLama.Common;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks;

/// <summary>
/// List inputs and outputs through the real llama.cpp engine with the tiny model: prompt → instance grammar → answer →
/// parser. The grammar admits exactly the answer format (llama.cpp checks it), so every answer parses: one valid value
/// per item, whatever the (meaningless) model says.
/// </summary>
public class ListTaskTinyModelTests
{
    private static LlamaCppChatClient Load() =>
        LlamaCppChatClient.Load(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions { Threads = 1, ContextSize = 512 });

    [RequiresTinyModelFact]
    public async Task Per_item_ratings_have_exactly_one_valid_value_per_item()
    {
        using var client = Load();
        for (var items = 0; items <= 3; items++)
        {
            for (var seed = 1; seed <= 3; seed++)
            {
                var task = new ItemRater { Generations = Enumerable.Range(1, items).Select(i => "A dog.").ToArray() };
                var response = await client.GetResponseAsync(
                    task.BuildPrompt(),
                    new ChatOptions { Temperature = 1.2f, Seed = seed, MaxOutputTokens = 200 }.WithGrammar(task.BuildOutputGrammar()));
                Assert.True(response.FinishReason == ChatFinishReason.Stop, $"{items} items, seed {seed}: {response.FinishReason} {response.Usage?.InputTokenCount} {response.Text}");
                var parsed = task.ParseOutput(response.Text);
                Assert.Equal(items, parsed.Ratings.Count);
                Assert.All(parsed.Ratings, rating => Assert.InRange(rating!.Value, 0, 4));
            }
        }
    }

    [RequiresTinyModelFact]
    public async Task The_pipeline_constrains_each_row_to_its_own_number_of_items()
    {
        using var client = Load();
        var pipeline = LabellingPipeline.For<ItemRater>(client, new PipelineOptions { MaxNewTokens = 200, Temperature = 1.2f, Seed = 7, Concurrency = 1 });
        var rows = Enumerable.Range(0, 4)
            .Select(items => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["generations"] = Enumerable.Repeat("A dog.", items).ToList() })
            .ToList();

        var labelled = await pipeline.RunAsync(rows);

        for (var items = 0; items < labelled.Count; items++)
        {
            Assert.True(labelled[items].Succeeded, labelled[items].Error);
            var ratings = Assert.IsAssignableFrom<System.Collections.IList>(labelled[items].Values["ratings"]);
            Assert.Equal(items, ratings.Count);
            Assert.All(ratings.Cast<object?>(), rating => Assert.InRange(Convert.ToInt32(Assert.IsAssignableFrom<object>(rating), System.Globalization.CultureInfo.InvariantCulture), 0, 4));
        }
    }

    [RequiresTinyModelFact]
    public async Task A_list_output_parses_every_item_the_model_wrote()
    {
        using var client = Load();
        for (var seed = 1; seed <= 3; seed++)
        {
            var task = new InstructionWriter { Topic = "dogs" };
            var response = await client.GetResponseAsync(
                task.BuildPrompt(),
                new ChatOptions { Temperature = 0.8f, Seed = seed, MaxOutputTokens = 300 }.WithGrammar(task.BuildOutputGrammar()));
            Assert.True(response.FinishReason == ChatFinishReason.Stop, $"seed {seed}: {response.FinishReason} {response.Usage?.InputTokenCount} {response.Text}");
            var parsed = task.ParseOutput(response.Text);
            var written = response.Text.Split("<item index=").Length - 1;
            Assert.True(written >= 1, response.Text);
            Assert.Equal(written, parsed.Instructions.Count);
            Assert.All(parsed.Instructions, item => Assert.False(string.IsNullOrWhiteSpace(item)));
        }
    }

    [RequiresTinyModelFact]
    public void Llama_cpp_compiles_every_list_grammar()
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(SharedFiles.TinyModelPath!) { ContextSize = 512 });
        var judge = new ItemJudge { Instruction = "i", Generations = [] };
        var grammars = new List<string> { ItemJudge.OutputGrammar, ItemRater.OutputGrammar, InstructionWriter.OutputGrammar };
        for (var items = 0; items <= 12; items += 3)
            grammars.Add((judge with { Generations = Enumerable.Repeat("g", items).ToArray() }).BuildOutputGrammar());
        foreach (var grammar in grammars)
            GbnfValidator.EnsureValid(weights, grammar);

        // The check is real: a broken grammar is refused.
        Assert.Throws<ArgumentException>(() => GbnfValidator.EnsureValid(weights, ItemJudge.OutputGrammar.Replace("items-ratings ::=", "items-rating ::=", StringComparison.Ordinal)));
    }
}

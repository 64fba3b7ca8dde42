using Distilabel.Llms;
using Distilabel.Pipeline.Recipes;
using Distilabel.Testing.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Pipeline;

/// <summary>Recipes let the in-process llama.cpp engine decode a step's concurrent rows in one batch, as <c>label</c> does.</summary>
public class RecipeLlamaCppBatchTests
{
    [Fact]
    public async Task A_llamacpp_llm_decodes_as_many_rows_together_as_its_step_sends_at_once()
    {
        var recipe = RecipeFile.Parse("""
            steps:
              - generate:
                  pool:
                    - {provider: llamacpp, model: tiny.gguf, name: local, concurrency: 3}
                    - {provider: openai-compatible, base_url: "http://127.0.0.1:9/v1", model: remote, concurrency: 8}
              - label:
                  task: helpsteer
                  llm: {provider: llamacpp, model: tiny.gguf, name: judge}
                  concurrency: 5
            """);
        var created = new List<LlmSettings>();
        var builder = new RecipeFlowBuilder((settings, _) =>
        {
            created.Add(settings);
            return Task.FromResult<IChatClient>(new UserMessageChatClient((_, _) => Task.FromResult("")));
        }, baseFolder: Path.GetTempPath());

        await builder.BuildAsync(recipe);

        Assert.Equal(3, created.Single(s => s.Provider == LlmProvider.LlamaCpp && s.Model!.EndsWith("tiny.gguf", StringComparison.Ordinal) && s.LlamaCppParallelism == 3).LlamaCppParallelism);
        Assert.Equal(5, created.Single(s => s.Provider == LlmProvider.LlamaCpp && s.LlamaCppParallelism != 3).LlamaCppParallelism);
        Assert.Equal(1, created.Single(s => s.Provider == LlmProvider.OpenAICompatible).LlamaCppParallelism);
    }
}

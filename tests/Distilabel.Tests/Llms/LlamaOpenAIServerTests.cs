using System.Text.RegularExpressions;
using Distilabel.Llms;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;
using Microsoft.Extensions.AI;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Llms;

/// <summary>The real OpenAI SDK, through <see cref="OpenAIChatClients"/>, against a real llama.cpp engine behind HTTP.</summary>
public partial class LlamaOpenAIServerTests
{
    private static readonly ChatMessage[] Judge =
    [
        new(ChatRole.System, "Answer with <score>N</score>."),
        new(ChatRole.User, "The cat sat on the mat. Rate it."),
    ];

    [GeneratedRegex(@"^<score>[0-4]</score>$")]
    private static partial Regex Score();

    [RequiresTinyModelFact]
    public async Task Grammar_seed_and_max_tokens_travel_over_http()
    {
        await using var server = await LlamaOpenAIServer.StartAsync(SharedFiles.TinyModelPath!);
        var usage = new UsageCounter();
        using var client = OpenAIChatClients.CreateCompatible(server.BaseUrl, server.ModelId, options: new OpenAICompatibleOptions { GrammarField = "grammar" })
            .AsBuilder().UseRetry().UseUsageTracking(usage).Build();

        for (var seed = 1; seed <= 10; seed++)
        {
            var response = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 1.2f, Seed = seed, MaxOutputTokens = 32 }
                .WithGrammar("root ::= \"<score>\" [0-4] \"</score>\""));
            Assert.Matches(Score(), response.Text);
            Assert.Equal("stories260K", response.ModelId);
        }

        var a = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 1.0f, Seed = 99, MaxOutputTokens = 6 });
        var b = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 1.0f, Seed = 99, MaxOutputTokens = 6 });
        Assert.Equal(a.Text, b.Text);
        Assert.InRange(a.Usage!.OutputTokenCount!.Value, 1, 6);
        Assert.Equal(12, usage.Requests);
        Assert.True(usage.InputTokens > 12 * 20);
        Assert.All(server.RequestBodies.Take(10), body => Assert.Contains("\"grammar\"", body));
    }

    [RequiresTinyModelFact]
    public async Task Json_response_format_gives_json_and_streaming_works()
    {
        await using var server = await LlamaOpenAIServer.StartAsync(SharedFiles.TinyModelPath!);
        using var client = OpenAIChatClients.CreateCompatible(server.BaseUrl, server.ModelId);

        var json = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 0.5f, Seed = 5, MaxOutputTokens = 120, ResponseFormat = ChatResponseFormat.Json });
        JsonAssert.IsObjectOrItsPrefix(json);

        var whole = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 0, MaxOutputTokens = 10 });
        var streamed = "";
        await foreach (var update in client.GetStreamingResponseAsync(Judge, new ChatOptions { Temperature = 0, MaxOutputTokens = 10 }))
            streamed += update.Text;
        Assert.Equal(whole.Text, streamed);
    }

    [RequiresTinyModelFact]
    public async Task A_broken_grammar_is_a_rejected_request_not_a_crash()
    {
        await using var server = await LlamaOpenAIServer.StartAsync(SharedFiles.TinyModelPath!);
        using var client = OpenAIChatClients.CreateCompatible(server.BaseUrl, server.ModelId, options: new OpenAICompatibleOptions { GrammarField = "grammar" })
            .AsBuilder().UseRetry(o => o.TimeProvider = new InstantTimeProvider()).Build();

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Judge, new ChatOptions().WithGrammar("root ::= undefined_rule")));

        var error = LlmErrors.Classify(ex);
        Assert.Equal(LlmErrorCategory.Rejected, error.Category);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("GBNF", error.Reason);
    }
}

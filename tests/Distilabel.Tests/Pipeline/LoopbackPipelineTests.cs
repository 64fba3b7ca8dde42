using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Pipeline;

/// <summary>The pipeline over real HTTP on 127.0.0.1, through the real OpenAI SDK and this library's middleware.</summary>
public class LoopbackPipelineTests
{
    private const string Secret = "sk-test-SECRET-123";
    private const string GoodAnswer = "<correctness>4</correctness>\n<coherence>3</coherence>\n<complexity>2</complexity>\n<verbosity>1</verbosity>\n<helpfulness>0</helpfulness>";

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows(int count)
        => Enumerable.Range(0, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"q{i}?", ["response"] = $"a{i}." }).ToList();

    private static async Task<IChatClient> ClientAsync(string baseUrl, TimeSpan? timeout = null, string? keyVariable = null)
        => await LlmClients.CreateAsync(new LlmSettings
        {
            Provider = LlmProvider.OpenAICompatible,
            BaseUrl = baseUrl,
            Model = "judge",
            ApiKeyEnvironmentVariable = keyVariable,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxAttempts = 3,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(30),
        });

    [Fact]
    public async Task Labels_through_the_openai_sdk()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer, promptTokens: 100, completionTokens: 43));
        using var client = await ClientAsync(server.BaseUrl);

        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(6));

        Assert.All(rows, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(4, rows[0].Values["correctness"]);
        Assert.Equal(0, rows[0].Values["helpfulness"]);
        Assert.Equal(6, server.ChatRequestCount);
        var request = server.Requests[0];
        Assert.Equal("judge", request.Model);
        Assert.Contains("<prompt>q", request.LastUserMessage);
        Assert.Contains("\"max_completion_tokens\":128", request.Body.Replace(" ", ""));
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_is_retried_then_labelled()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.AttemptForBody == 1 && r.LastUserMessage.Contains("q1?")
            ? ScriptedResponse.Status(429, retryAfter: "0")
            : ScriptedResponse.Content(GoodAnswer));
        using var client = await ClientAsync(server.BaseUrl);

        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(3));

        Assert.All(rows, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(4, server.ChatRequestCount);
    }

    [Fact]
    public async Task Server_error_is_retried_then_recorded_and_the_run_goes_on()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.LastUserMessage.Contains("q1?")
            ? ScriptedResponse.Status(500)
            : ScriptedResponse.Content(GoodAnswer));
        using var client = await ClientAsync(server.BaseUrl);

        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(3));

        Assert.True(rows[0].Succeeded);
        Assert.False(rows[1].Succeeded);
        Assert.Contains("500", rows[1].Error);
        Assert.Null(rows[1].Values["correctness"]);
        Assert.True(rows[2].Succeeded);
        Assert.Equal(2 + 3, server.ChatRequestCount);
    }

    [Fact]
    public async Task Slow_answer_times_out_and_is_recorded()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.LastUserMessage.Contains("q0?")
            ? ScriptedResponse.Hold()
            : ScriptedResponse.Content(GoodAnswer));
        using var client = await ClientAsync(server.BaseUrl, timeout: TimeSpan.FromSeconds(3));

        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(2));

        Assert.False(rows[0].Succeeded);
        Assert.Contains("timed out", rows[0].Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(rows[1].Succeeded);
    }

    [Fact]
    public async Task Garbage_text_gives_null_ratings_and_keeps_the_raw_answer()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<<correctness>>four</correctness> lol"));
        using var client = await ClientAsync(server.BaseUrl);

        var row = (await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(1)))[0];

        Assert.Null(row.Values["correctness"]);
        Assert.Equal("<<correctness>>four</correctness> lol", row.Values["raw_labelling_response"]);
        Assert.StartsWith("unparsable answer", row.Error);
    }

    [Fact]
    public async Task Rejected_key_fails_fast_and_never_shows_the_key()
    {
        const string variable = "DISTILABEL_TEST_KEY_401";
        Environment.SetEnvironmentVariable(variable, Secret);
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Status(401, $"Incorrect API key provided: {Secret}"), requiredApiKey: "sk-the-right-one");
        using var client = await ClientAsync(server.BaseUrl, keyVariable: variable);

        var error = await Assert.ThrowsAsync<PipelineAbortedException>(() => LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 2 }).RunAsync(Rows(200)));

        Assert.Contains("401", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.InRange(server.ChatRequestCount, 1, 4);
    }

    [RequiresTinyModelFact]
    public async Task Grammar_sent_to_a_llama_server_makes_every_answer_parse()
    {
        await using var server = await LlamaOpenAIServer.StartAsync(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions { Threads = 1 });
        using var client = await ClientAsync(server.BaseUrl);

        var rows = await LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 1, Seed = 7 }).RunAsync(Rows(4));

        Assert.All(rows, r => Assert.True(r.Succeeded, r.Error));
        Assert.All(rows, r => Assert.InRange((int)r.Values["verbosity"]!, 0, 4));
    }

    [RequiresTinyModelFact]
    public async Task In_process_llama_cpp_labels_with_the_grammar()
    {
        using var client = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.LlamaCpp, Model = SharedFiles.TinyModelPath, LlamaCppThreads = 1 });

        var rows = await LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Seed = 1 }).RunAsync(Rows(3));

        Assert.All(rows, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal("stories260K", rows[0].Values["labelling_model"]);
    }
}

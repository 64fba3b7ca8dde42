using System.Text.Json;
using Distilabel.Llms;
using Distilabel.Testing.OpenAI;
using Microsoft.Extensions.AI;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Llms;

/// <summary>Real HTTP on 127.0.0.1 through the real OpenAI SDK, as made by <see cref="OpenAIChatClients"/>.</summary>
public class OpenAIChatClientsTests
{
    private const string Secret = "sk-test-SECRET-123";

    private static ChatMessage[] Row(int n) => [new(ChatRole.System, "You rate answers."), new(ChatRole.User, $"row {n}")];

    private static IChatClient Resilient(IChatClient inner, InstantTimeProvider clock, List<RetryAttempt>? attempts = null, int maxAttempts = 4, UsageCounter? usage = null)
    {
        var builder = inner.AsBuilder().UseRetry(o =>
        {
            o.MaxAttempts = maxAttempts;
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.TimeProvider = clock;
            if (attempts is not null)
                o.OnRetry = a => { lock (attempts) attempts.Add(a); };
        });
        if (usage is not null)
            builder = builder.UseUsageTracking(usage);
        return builder.Build();
    }

    [Fact]
    public async Task Answers_come_back_with_model_usage_and_the_options_sent()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<score>3</score>", promptTokens: 12, completionTokens: 4));
        using var client = OpenAIChatClients.CreateCompatible(server.BaseUrl, "judge-model");

        var response = await client.GetResponseAsync(Row(1), new ChatOptions { Temperature = 0, Seed = 7, MaxOutputTokens = 12 });

        Assert.Equal("<score>3</score>", response.Text);
        Assert.Equal("judge-model", response.ModelId);
        Assert.Equal(12, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var sent = Assert.Single(server.Requests).Json!.Value;
        Assert.Equal("judge-model", sent.GetProperty("model").GetString());
        Assert.Equal(0, sent.GetProperty("temperature").GetDouble());
        Assert.Equal(7, sent.GetProperty("seed").GetInt64());
        Assert.Equal(12, (sent.TryGetProperty("max_completion_tokens", out var max) ? max : sent.GetProperty("max_tokens")).GetInt32());
        Assert.Equal("row 1", server.Requests[0].LastUserMessage);
        Assert.False(sent.TryGetProperty("grammar", out _));
    }

    [Fact]
    public async Task A_grammar_is_sent_in_the_configured_field()
    {
        const string gbnf = "root ::= \"<score>\" [0-4] \"</score>\"";
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<score>1</score>"));
        using var llamaStyle = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m", options: new OpenAICompatibleOptions { GrammarField = "grammar" });
        using var plain = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m");

        await llamaStyle.GetResponseAsync(Row(1), new ChatOptions { Temperature = 0 }.WithGrammar(gbnf));
        await plain.GetResponseAsync(Row(2), new ChatOptions().WithGrammar(gbnf));
        // The next request of the same caller without a grammar sends none; a second one with it sends it again; a stream too.
        await llamaStyle.GetResponseAsync(Row(3), new ChatOptions());
        await llamaStyle.GetResponseAsync(Row(4), new ChatOptions().WithGrammar(gbnf));
        await foreach (var update in llamaStyle.GetStreamingResponseAsync(Row(5), new ChatOptions().WithGrammar(gbnf)))
            GC.KeepAlive(update);

        var requests = server.Requests;
        Assert.Equal(gbnf, requests[0].GetString("grammar"));
        Assert.Equal(0, requests[0].Json!.Value.GetProperty("temperature").GetDouble());
        Assert.Equal("row 1", requests[0].LastUserMessage);
        Assert.Null(requests[1].GetString("grammar"));
        Assert.Null(requests[2].GetString("grammar"));
        Assert.Equal(gbnf, requests[3].GetString("grammar"));
        Assert.Equal(gbnf, requests[4].GetString("grammar"));
        Assert.True(requests[4].Stream);
    }

    [Fact]
    public async Task The_key_is_sent_as_a_bearer_token_from_an_argument_or_a_named_variable()
    {
        var variable = "DISTILABEL_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Secret);
        try
        {
            await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("ok"), requiredApiKey: Secret);
            using var fromArgument = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m", apiKey: Secret);
            using var fromVariable = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m", options: new OpenAICompatibleOptions { ApiKeyEnvironmentVariable = variable });

            Assert.Equal("ok", (await fromArgument.GetResponseAsync(Row(1))).Text);
            Assert.Equal("ok", (await fromVariable.GetResponseAsync(Row(2))).Text);
            Assert.All(server.Requests, r => Assert.Equal("Bearer " + Secret, r.Headers["Authorization"]));
            Assert.DoesNotContain(Secret, fromArgument.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_missing_key_names_the_variable()
    {
        var variable = "DISTILABEL_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        var ex = Assert.Throws<LlmConfigurationException>(() =>
            OpenAIChatClients.CreateCompatible("http://127.0.0.1:9/v1", "m", options: new OpenAICompatibleOptions { ApiKeyEnvironmentVariable = variable }));

        Assert.Contains(variable, ex.Message);
    }

    [Fact]
    public async Task A_rejected_key_fails_fast_without_retries_and_without_the_key_in_the_error()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("never"), requiredApiKey: "sk-the-right-one");
        var attempts = new List<RetryAttempt>();
        using var client = Resilient(OpenAIChatClients.CreateCompatible(server.BaseUrl, "m", apiKey: Secret), new InstantTimeProvider(), attempts);

        var ex = await Assert.ThrowsAsync<LlmConfigurationException>(() => client.GetResponseAsync(Row(1)));

        Assert.Equal(1, server.ChatRequestCount);
        Assert.Empty(attempts);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains($"the server at {server.BaseUrl} rejected the API key (401)", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, ex.ToString());
        Assert.DoesNotContain(Secret, LlmErrors.Classify(ex).Reason);
        Assert.Equal(LlmErrorCategory.Configuration, LlmErrors.Classify(ex).Category);
    }

    [Fact]
    public async Task An_unknown_model_is_a_configuration_error()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Status(404, "The model 'nope' does not exist"));
        using var client = Resilient(OpenAIChatClients.CreateCompatible(server.BaseUrl, "nope"), new InstantTimeProvider());

        var ex = await Assert.ThrowsAsync<LlmConfigurationException>(() => client.GetResponseAsync(Row(1)));

        Assert.Equal(1, server.ChatRequestCount);
        Assert.Contains("'nope'", ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_configuration_error_naming_the_server()
    {
        var url = $"http://127.0.0.1:{LoopbackWebServer.UnusedPort()}/v1";
        var attempts = new List<RetryAttempt>();
        using var client = Resilient(OpenAIChatClients.CreateCompatible(url, "m"), new InstantTimeProvider(), attempts);

        var ex = await Assert.ThrowsAsync<LlmConfigurationException>(() => client.GetResponseAsync(Row(1)));

        Assert.Empty(attempts);
        Assert.Contains(url, ex.Message);
        Assert.Contains("refused", ex.Message);
    }

    [Fact]
    public async Task Rate_limits_honour_retry_after_then_succeed()
    {
        // Row 3's first call gets a 429 asking for 2 s; every other call answers.
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.LastUserMessage == "row 3" && r.AttemptForBody == 1
            ? ScriptedResponse.Status(429, "Rate limit reached", retryAfter: "2")
            : ScriptedResponse.Content("<score>2</score>"));
        var clock = new InstantTimeProvider();
        var attempts = new List<RetryAttempt>();
        using var client = Resilient(OpenAIChatClients.CreateCompatible(server.BaseUrl, "m"), clock, attempts);

        var answers = await Task.WhenAll(Enumerable.Range(1, 5).Select(n => client.GetResponseAsync(Row(n))));

        Assert.All(answers, a => Assert.Equal("<score>2</score>", a.Text));
        Assert.Equal(6, server.ChatRequestCount);
        var retry = Assert.Single(attempts);
        Assert.Equal(429, retry.Error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), retry.Delay);
        Assert.Contains(TimeSpan.FromSeconds(2), clock.RequestedDelays);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured_on_503()
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(40).ToString("r");
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.AttemptForBody == 1
            ? ScriptedResponse.Status(503, "overloaded", retryAfter: until)
            : ScriptedResponse.Content("ok"));
        var attempts = new List<RetryAttempt>();
        using var client = Resilient(OpenAIChatClients.CreateCompatible(server.BaseUrl, "m"), new InstantTimeProvider(), attempts);

        Assert.Equal("ok", (await client.GetResponseAsync(Row(1))).Text);

        var retry = Assert.Single(attempts);
        Assert.InRange(retry.Delay.TotalSeconds, 30, 40);
    }

    [Fact]
    public async Task Server_errors_are_retried_then_surface_with_a_clear_reason()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Status(500, "The server had an error while processing your request"));
        using var client = Resilient(OpenAIChatClients.CreateCompatible(server.BaseUrl, "m"), new InstantTimeProvider(), maxAttempts: 3);

        var ex = await Assert.ThrowsAsync<LlmRetriesExhaustedException>(() => client.GetResponseAsync(Row(1)));

        Assert.Equal(3, server.ChatRequestCount);
        Assert.Equal(500, ex.LastError.StatusCode);
        Assert.Contains("3 attempts", ex.Message);
        Assert.Contains("server error (500 Internal Server Error)", ex.Message);
        Assert.Contains("had an error", ex.Message);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Status(400, "context length exceeded"));
        using var client = Resilient(OpenAIChatClients.CreateCompatible(server.BaseUrl, "m"), new InstantTimeProvider());

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Row(1)));

        Assert.Equal(1, server.ChatRequestCount);
        var error = LlmErrors.Classify(ex);
        Assert.Equal(LlmErrorCategory.Rejected, error.Category);
        Assert.Contains("context length exceeded", error.Reason);
    }

    public static TheoryData<string> BrokenAnswers => ["truncated", "reset", "garbage"];

    [Theory]
    [MemberData(nameof(BrokenAnswers))]
    public async Task Broken_answers_are_transient_and_retried(string kind)
    {
        var broken = kind switch
        {
            "truncated" => ScriptedResponse.TruncatedJson(),
            "reset" => ScriptedResponse.ResetConnection(),
            _ => ScriptedResponse.Garbage(),
        };
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.AttemptForBody == 1 ? broken : ScriptedResponse.Content("ok"));
        using var bare = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m");
        var attempts = new List<RetryAttempt>();
        using var client = Resilient(bare, new InstantTimeProvider(), attempts);

        var direct = await Assert.ThrowsAnyAsync<Exception>(() => bare.GetResponseAsync(Row(1)));
        Assert.True(LlmErrors.IsTransient(direct), $"{kind}: {direct}");

        Assert.Equal("ok", (await client.GetResponseAsync(Row(2))).Text);
        Assert.Single(attempts);
    }

    [Fact]
    public async Task Requests_carry_no_trace_headers_where_the_SDK_default_transport_would_add_them()
    {
        // A listener for every activity source makes .NET's HTTP handler propagate the trace context (traceparent): the
        // SDK's default transport does; ours skips that work (and the cookie container) for every request.
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        using var source = new System.Diagnostics.ActivitySource("Distilabel.Tests.Tracing");
        using var activity = source.StartActivity("label");
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("ok"));
        using var ours = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m");
        var sdkDefault = new OpenAI.Chat.ChatClient("m", new System.ClientModel.ApiKeyCredential("no-key"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl) });

        Assert.Equal("ok", (await ours.GetResponseAsync(Row(1))).Text);
        Assert.Equal("ok", (await sdkDefault.CompleteChatAsync([new OpenAI.Chat.UserChatMessage("row 2")])).Value.Content[0].Text);

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.False(requests[0].Headers.ContainsKey("traceparent"));
        Assert.True(requests[1].Headers.ContainsKey("traceparent"));
    }

    [Fact]
    public async Task A_slow_server_times_out_and_the_retry_gets_through()
    {
        // The server holds the first attempt until the client gives up: the timeout is the only clock, and it is far
        // above what a loopback answer takes, so the second attempt never times out.
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.AttemptForBody == 1
            ? ScriptedResponse.Hold()
            : ScriptedResponse.Content("in time"));
        using var bare = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m");
        var attempts = new List<RetryAttempt>();
        using var client = bare.AsBuilder()
            .UseRetry(o => { o.TimeProvider = new InstantTimeProvider(); o.OnRetry = attempts.Add; })
            .UseRequestTimeout(TimeSpan.FromSeconds(3))
            .Build();

        var response = await client.GetResponseAsync(Row(1));

        Assert.Equal("in time", response.Text);
        Assert.Contains("timed out after 3 s", Assert.Single(attempts).Error.Reason);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task Empty_choices_are_a_content_error_and_filtered_answers_say_so()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.LastUserMessage == "row 1" ? ScriptedResponse.EmptyChoices() : ScriptedResponse.ContentFilter());
        using var client = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m");

        var ex = await Assert.ThrowsAsync<LlmContentException>(() => client.GetResponseAsync(Row(1)));
        Assert.Equal(LlmErrorCategory.Content, LlmErrors.Classify(ex).Category);

        var filtered = await client.GetResponseAsync(Row(2));
        Assert.Equal(ChatFinishReason.ContentFilter, filtered.FinishReason);
    }

    [Fact]
    public async Task Usage_is_counted_for_plain_and_streamed_requests()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("hello world", promptTokens: 10, completionTokens: 5));
        var usage = new UsageCounter();
        using var client = Resilient(OpenAIChatClients.CreateCompatible(server.BaseUrl, "m"), new InstantTimeProvider(), usage: usage);

        await client.GetResponseAsync(Row(1));
        await client.GetResponseAsync(Row(2));
        var streamed = "";
        await foreach (var update in client.GetStreamingResponseAsync(Row(3)))
            streamed += update.Text;

        Assert.Equal("hello world", streamed);
        Assert.Equal(new UsageSnapshot(3, 0, 30, 15), usage.Snapshot());
        Assert.True(server.Requests[2].Stream);
    }

    [Fact]
    public void Base_urls_without_a_path_get_v1_and_keys_in_urls_are_refused()
    {
        Assert.Equal("http://localhost:8080/v1", OpenAIChatClients.NormalizeBaseUrl("http://localhost:8080").ToString());
        Assert.Equal("http://h/custom/v1", OpenAIChatClients.NormalizeBaseUrl("http://h/custom/v1").ToString());
        var ex = Assert.Throws<LlmConfigurationException>(() => OpenAIChatClients.NormalizeBaseUrl("http://user:sk-abcdefgh123@h/v1"));
        Assert.DoesNotContain("sk-abcdefgh123", ex.Message);
        Assert.Throws<LlmConfigurationException>(() => OpenAIChatClients.NormalizeBaseUrl("ftp://h"));
    }
}

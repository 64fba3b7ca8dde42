using System.Buffers;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Distilabel.Llms;
using Distilabel.Testing.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace Distilabel.Tests.Llms;

/// <summary>
/// The one-pass request body and answer reader of <see cref="OpenAIProtocolChatClient"/> say what the OpenAI SDK's
/// models and Microsoft.Extensions.AI's adapter say for the same chat: checked against them, field by field.
/// </summary>
public class ChatCompletionJsonTests
{
    private static readonly ChatMessage[] Chat =
    [
        new(ChatRole.System, "You rate \"answers\" <tags> & é\n\ttabs"),
        new(ChatRole.User, "row 1 \u2028 \\ end"),
        new(ChatRole.Assistant, "<score>1</score>"),
        new(ChatRole.User, "again"),
    ];

    public static TheoryData<string> OptionSets => ["none", "sampling", "every field", "json", "text"];

    private static ChatOptions? Options(string name) => name switch
    {
        "none" => null,
        "sampling" => new ChatOptions { Temperature = 0, MaxOutputTokens = 512, Seed = 42 },
        "every field" => new ChatOptions
        {
            Temperature = 0.7f, TopP = 0.9f, MaxOutputTokens = 5, Seed = -3, FrequencyPenalty = 0.5f, PresencePenalty = -0.25f,
            StopSequences = ["</a>", "\n\n"], ModelId = "other-model",
        },
        "json" => new ChatOptions { ResponseFormat = ChatResponseFormat.Json },
        "text" => new ChatOptions { ResponseFormat = ChatResponseFormat.Text },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(OptionSets))]
    public async Task The_body_says_what_the_SDK_would_send(string optionSet)
    {
        var options = Options(optionSet);
        Assert.True(ChatCompletionRequest.IsSupported(Chat, options));

        var ours = JsonNode.Parse(Write(options))!.AsObject();
        var sdk = JsonNode.Parse(await SdkBodyAsync(Chat, options))!.AsObject();

        Assert.Equal(Canonical(sdk), Canonical(ours));
    }

    [Fact]
    public void A_schema_and_a_grammar_are_written_as_given()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"score":{"type":"integer"}},"required":["score"],"additionalProperties":false}""");
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "HelpSteer", "the ratings") };
        var grammar = ChatCompletionRequest.EncodeString("root ::= \"<score>\" [0-4] \"</score>\"\n");

        // Escaped as the rest of the body: quotes and tags stay short (\" not \u0022, < not \u003C).
        Assert.Equal("\"root ::= \\\"<score>\\\" [0-4] \\\"</score>\\\"\\n\"", Encoding.UTF8.GetString(grammar));
        var body = JsonNode.Parse(Write(options, "grammar", grammar))!;

        var format = body["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("HelpSteer", (string?)format["json_schema"]!["name"]);
        Assert.Equal("the ratings", (string?)format["json_schema"]!["description"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(schema.RootElement.GetRawText()), format["json_schema"]!["schema"]));
        Assert.Equal("root ::= \"<score>\" [0-4] \"</score>\"\n", (string?)body["grammar"]);
    }

    [Fact]
    public void Chats_the_body_cannot_say_go_to_the_SDK()
    {
        Assert.False(ChatCompletionRequest.IsSupported([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2 }, "image/png")])], null));
        Assert.False(ChatCompletionRequest.IsSupported([new ChatMessage(ChatRole.Tool, "result")], null));
        Assert.False(ChatCompletionRequest.IsSupported([new ChatMessage(ChatRole.User, [new TextContent("two "), new TextContent("parts")])], null));
        Assert.False(ChatCompletionRequest.IsSupported([new ChatMessage(ChatRole.User, "hi") { AuthorName = "ann" }], null));
        Assert.False(ChatCompletionRequest.IsSupported(Chat, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] }));
        Assert.False(ChatCompletionRequest.IsSupported(Chat, new ChatOptions { TopK = 3 }));
        Assert.False(ChatCompletionRequest.IsSupported(Chat, new ChatOptions { RawRepresentationFactory = _ => new ChatCompletionOptions() }));
        Assert.False(ChatCompletionRequest.IsSupported(Chat, new ChatOptions { AdditionalProperties = new() { ["logprobs"] = true } }));
        Assert.True(ChatCompletionRequest.IsSupported(Chat, new ChatOptions().WithGrammar("root ::= \"a\"")));
    }

    public static TheoryData<string> Answers =>
    [
        OpenAIJson.Completion("cmpl-1", "served-model", "<score>3</score>", "stop", 12, 4),
        OpenAIJson.Completion("cmpl-2", "served-model", null, "length", 12, 0),
        OpenAIJson.Completion("cmpl-3", "m", "filtered", "content_filter", 1, 1),
        """{"id":"c4","object":"chat.completion","created":1700000000,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"message":{"role":"assistant","content":"a \"quoted\" é \u00e9","refusal":null,"tool_calls":[]},"logprobs":{"content":[]},"finish_reason":"stop"},{"index":1,"message":{"role":"assistant","content":"second"},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27,"prompt_tokens_details":{"cached_tokens":16,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":3}},"service_tier":"default"}""",
        """{"id":"c5","object":"chat.completion","created":1700000001,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I cannot help with that."},"finish_reason":"stop"}]}""",
    ];

    [Theory]
    [MemberData(nameof(Answers))]
    public void The_answer_reads_as_the_adapter_reads_it(string completion)
    {
        var ours = ChatCompletionResponse.Read(Encoding.UTF8.GetBytes(completion));
#pragma warning disable OPENAI001 // the adapter's public conversion, the reference here
        var theirs = ModelReaderWriter.Read<ChatCompletion>(BinaryData.FromString(completion))!.AsChatResponse();
#pragma warning restore OPENAI001

        Assert.Equal(theirs.Text, ours.Text);
        Assert.Equal(theirs.FinishReason, ours.FinishReason);
        Assert.Equal(theirs.ModelId, ours.ModelId);
        Assert.Equal(theirs.ResponseId, ours.ResponseId);
        Assert.Equal(theirs.CreatedAt, ours.CreatedAt);
        Assert.Equal(theirs.Usage?.InputTokenCount, ours.Usage?.InputTokenCount);
        Assert.Equal(theirs.Usage?.OutputTokenCount, ours.Usage?.OutputTokenCount);
        Assert.Equal(theirs.Usage?.TotalTokenCount, ours.Usage?.TotalTokenCount);
        Assert.Equal(theirs.Usage?.CachedInputTokenCount, ours.Usage?.CachedInputTokenCount);
        Assert.Equal(theirs.Usage?.ReasoningTokenCount, ours.Usage?.ReasoningTokenCount);
        var message = Assert.Single(ours.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal(
            theirs.Messages.Single().Contents.Select(c => (c.GetType(), (c as TextContent)?.Text ?? (c as ErrorContent)?.Message)),
            message.Contents.Select(c => (c.GetType(), (c as TextContent)?.Text ?? (c as ErrorContent)?.Message)));
    }

    [Theory]
    [InlineData("""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[]}""")]
    [InlineData("""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant"},"finish_reason":null}]}""")]
    [InlineData("""{"id":"c","object":"chat.completion","created":1,"model":"m"}""")]
    public void An_answer_without_a_usable_choice_has_no_message(string completion)
        => Assert.Empty(ChatCompletionResponse.Read(Encoding.UTF8.GetBytes(completion)).Messages);

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"id\":\"c\",\"choices\":[{\"message\":{\"content\":\"cut")]
    public void A_broken_answer_is_a_json_error(string completion)
        => Assert.ThrowsAny<JsonException>(() => ChatCompletionResponse.Read(Encoding.UTF8.GetBytes(completion)));

    [Fact]
    public async Task A_chat_the_body_cannot_say_still_sends_its_grammar_through_the_SDK()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<score>2</score>"));
        using var client = OpenAIChatClients.CreateCompatible(server.BaseUrl, "m", options: new OpenAICompatibleOptions { GrammarField = "grammar" });
        var options = new ChatOptions { Temperature = 0, RawRepresentationFactory = _ => new ChatCompletionOptions { TopLogProbabilityCount = 2, IncludeLogProbabilities = true } }.WithGrammar("root ::= \"x\"");

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "row 1")], options);

        Assert.Equal("<score>2</score>", response.Text);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("root ::= \"x\"", sent.GetString("grammar"));
        Assert.True(sent.Json!.Value.GetProperty("logprobs").GetBoolean());
    }

    private static byte[] Write(ChatOptions? options, string? grammarField = null, byte[]? grammar = null)
    {
        var body = new ArrayBufferWriter<byte>();
        ChatCompletionRequest.Write(body, "judge-model", Chat, options, grammarField, grammar);
        return body.WrittenSpan.ToArray();
    }

    /// <summary>Properties sorted by name, recursively: the SDK orders some fields differently.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        null => "null",
        _ => node.ToJsonString(),
    };

    /// <summary>The body the OpenAI SDK writes for the chat through Microsoft.Extensions.AI's adapter (nothing is sent).</summary>
    private static async Task<byte[]> SdkBodyAsync(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var capture = new CapturingHandler();
        using var http = new HttpClient(capture);
        var client = new OpenAIClient(new ApiKeyCredential("k"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
        }).GetChatClient("judge-model").AsIChatClient();
        await client.GetResponseAsync(messages, options);
        return capture.Body!;
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public byte[]? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(OpenAIJson.Completion("c", "m", "ok", "stop", 1, 1), Encoding.UTF8, "application/json"),
            };
        }
    }
}

using System.Text.Json;
using Distilabel.Llms;
using Distilabel.Llms.Caching;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Tests.Pipeline;
using Microsoft.Extensions.AI;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Journal;

[Collection(JournalCollection.Name)]
public class ResponseCacheTests
{
    private static List<ChatMessage> Ask(string text) => [new(ChatRole.System, "judge"), new(ChatRole.User, text)];

    private static (UserMessageChatClient Inner, ResponseCachingChatClient Client) Build(IResponseCache cache, Func<string, string>? answer = null, Action<ResponseCacheOptions>? configure = null)
    {
        var inner = new UserMessageChatClient((user, _) => Task.FromResult(answer?.Invoke(user) ?? "answer to " + user));
        var options = new ResponseCacheOptions();
        configure?.Invoke(options);
        return (inner, new ResponseCachingChatClient(inner, cache, options));
    }

    [Fact]
    public async Task An_identical_request_is_answered_from_the_cache_at_zero_cost()
    {
        var (inner, client) = Build(new InMemoryResponseCache());
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 64, Seed = 3 };

        var first = await client.GetResponseAsync(Ask("hello"), options);
        var second = await client.GetResponseAsync(Ask("hello"), options.Clone());

        Assert.Equal(1, inner.Calls);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(10, first.Usage?.InputTokenCount);
        Assert.Equal(0, second.Usage?.InputTokenCount);
        Assert.Equal(0, second.Usage?.OutputTokenCount);
        Assert.Equal(true, second.AdditionalProperties?[ResponseCachingChatClient.CachedProperty]);
        Assert.Equal((1L, 1L, 1L), (client.Hits, client.Misses, client.Writes));
    }

    [Fact]
    public async Task Any_change_of_model_messages_or_options_is_a_miss()
    {
        var (inner, client) = Build(new InMemoryResponseCache());
        var baseline = new ChatOptions { Temperature = 0, MaxOutputTokens = 64 };
        await client.GetResponseAsync(Ask("hello"), baseline);

        await client.GetResponseAsync(Ask("hello!"), baseline);
        await client.GetResponseAsync([new(ChatRole.System, "judge harder"), new(ChatRole.User, "hello")], baseline);
        await client.GetResponseAsync(Ask("hello"), new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 64 });
        await client.GetResponseAsync(Ask("hello"), new ChatOptions { Temperature = 0, MaxOutputTokens = 65 });
        await client.GetResponseAsync(Ask("hello"), new ChatOptions { Temperature = 0, MaxOutputTokens = 64, ModelId = "other" });
        await client.GetResponseAsync(Ask("hello"), new ChatOptions { Temperature = 0, MaxOutputTokens = 64 }.WithGrammar("root ::= \"a\""));
        await client.GetResponseAsync(Ask("hello"), new ChatOptions { Temperature = 0, MaxOutputTokens = 64 }.WithGrammar("root ::= \"b\""));
        using (var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"integer"}}}"""))
            await client.GetResponseAsync(Ask("hello"), new ChatOptions { Temperature = 0, MaxOutputTokens = 64, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "x") });
        using (var schema = JsonDocument.Parse("""{"type":"object","properties":{"b":{"type":"integer"}}}"""))
            await client.GetResponseAsync(Ask("hello"), new ChatOptions { Temperature = 0, MaxOutputTokens = 64, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "x") });

        Assert.Equal(10, inner.Calls);
        Assert.Equal(0, client.Hits);
    }

    [Fact]
    public async Task The_same_request_to_another_server_or_model_is_a_miss()
    {
        var cache = new InMemoryResponseCache();
        var (innerA, a) = Build(cache);
        var otherModel = new UserMessageChatClient((user, _) => Task.FromResult("other " + user), model: "other-model");
        var b = new ResponseCachingChatClient(otherModel, cache);
        var c = new ResponseCachingChatClient(new UserMessageChatClient((user, _) => Task.FromResult("scoped " + user)), cache, new ResponseCacheOptions { Scope = "http://127.0.0.1:9/v1" });

        await a.GetResponseAsync(Ask("hello"));
        Assert.Equal("other hello", (await b.GetResponseAsync(Ask("hello"))).Text);
        Assert.Equal("scoped hello", (await c.GetResponseAsync(Ask("hello"))).Text);
        Assert.Equal(0, a.Hits + b.Hits + c.Hits);
    }

    [Fact]
    public async Task Failures_filtered_and_empty_answers_are_never_cached()
    {
        var failing = 0;
        var inner = new UserMessageChatClient((user, _) => user == "boom" && Interlocked.Increment(ref failing) == 1
            ? throw new LlmContentException("no choices")
            : Task.FromResult(user == "empty" ? "" : "fine"));
        var cache = new InMemoryResponseCache();
        var client = new ResponseCachingChatClient(inner, cache);

        await Assert.ThrowsAsync<LlmContentException>(() => client.GetResponseAsync(Ask("boom")));
        Assert.Equal("fine", (await client.GetResponseAsync(Ask("boom"))).Text);
        await client.GetResponseAsync(Ask("empty"));
        await client.GetResponseAsync(Ask("empty"));

        Assert.Equal(4, inner.Calls);
        Assert.Equal(1, cache.Count);
        Assert.False(ResponseCacheOptions.DefaultShouldCache(new ChatResponse(new ChatMessage(ChatRole.Assistant, "x")) { FinishReason = ChatFinishReason.ContentFilter }));
    }

    [Fact]
    public async Task Refresh_mode_asks_again_and_stores_the_new_answer()
    {
        var cache = new InMemoryResponseCache();
        var (_, warm) = Build(cache, _ => "old");
        await warm.GetResponseAsync(Ask("q"));

        var (inner, refresh) = Build(cache, _ => "new", o => o.Read = false);
        Assert.Equal("new", (await refresh.GetResponseAsync(Ask("q"))).Text);
        Assert.Equal(1, inner.Calls);

        var (reader, read) = Build(cache, _ => "never");
        Assert.Equal("new", (await read.GetResponseAsync(Ask("q"))).Text);
        Assert.Equal(0, reader.Calls);
    }

    [Fact]
    public async Task The_sqlite_cache_survives_the_process_and_is_shared()
    {
        using var folder = new TempFolder();
        var path = folder.File("cache/responses.db");
        using (var cache = SqliteResponseCache.Open(path))
        {
            var (_, client) = Build(cache);
            await client.GetResponseAsync(Ask("persisted"), new ChatOptions { Temperature = 0 });
        }

        using var reopened = SqliteResponseCache.Open(path);
        using var alongside = SqliteResponseCache.Open(path);
        var (inner, again) = Build(reopened);
        var response = await again.GetResponseAsync(Ask("persisted"), new ChatOptions { Temperature = 0 });

        Assert.Equal(0, inner.Calls);
        Assert.Equal("answer to persisted", response.Text);
        Assert.Equal(1, alongside.Count());
        Assert.Equal(Path.Combine(folder.Path, "out", ".distilabel", "cache.db"), SqliteResponseCache.DefaultPathFor(folder.File("out/x.jsonl")));
    }

    [Fact]
    public async Task A_pipeline_over_duplicate_rows_pays_once_per_distinct_request()
    {
        var inner = new UserMessageChatClient((_, _) => Task.FromResult("<correctness>3</correctness><coherence>4</coherence><complexity>1</complexity><verbosity>2</verbosity><helpfulness>3</helpfulness>"));
        var judge = inner.AsBuilder().UseResponseCache(new InMemoryResponseCache()).Build();
        var rows = Enumerable.Range(0, 30).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"q{i % 5}", ["response"] = "r" });

        var labelled = await LabellingPipeline.For<HelpSteer>(judge, new PipelineOptions { Concurrency = 1 }).RunAsync(rows);

        Assert.All(labelled, r => Assert.True(r.Succeeded));
        Assert.Equal(5, inner.Calls);
    }

    [Fact]
    public async Task Streaming_requests_are_cached_too()
    {
        var inner = new StreamingClient();
        var client = new ResponseCachingChatClient(inner, new InMemoryResponseCache());

        var first = await client.GetStreamingResponseAsync(Ask("stream")).ToChatResponseAsync();
        var second = await client.GetStreamingResponseAsync(Ask("stream")).ToChatResponseAsync();

        Assert.Equal(1, inner.Calls);
        Assert.Equal("hello world", first.Text);
        Assert.Equal("hello world", second.Text);
        Assert.Equal(3, first.Usage?.InputTokenCount);
        Assert.True(second.Usage?.InputTokenCount is null or 0 && second.Usage?.OutputTokenCount is null or 0);
        Assert.Equal(1, client.Hits);
    }

    private sealed class StreamingClient : IChatClient
    {
        public int Calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "hello ");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "world");
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2 })] };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

using Distilabel.LlamaCpp;
using System.Text.RegularExpressions;
using Distilabel.Llms;
using Distilabel.Tasks;
using Distilabel.Testing;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Llms;

/// <summary>Concurrent requests decoded together in one llama.cpp batch (real engine, tiny stories260K model).</summary>
public partial class LlamaCppBatchingTests
{
    private const string Instructions = "You are a strict judge of children's stories. Read the story, think about its plot, its characters and its words, then answer with one score.";

    private static LlamaCppChatClient Load(int maxConcurrency) =>
        LlamaCppChatClient.Load(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions { Threads = 1, ContextSize = 512, MaxConcurrency = maxConcurrency });

    private static ChatMessage[] Story(int i) =>
    [
        new(ChatRole.System, Instructions),
        new(ChatRole.User, $"Story {i}: once upon a time there was a little dog number {i} who liked to run."),
    ];

    [GeneratedRegex(@"^<score>[0-4]</score>$")]
    private static partial Regex Score();

    [GeneratedRegex("^(yes|no)$")]
    private static partial Regex YesNo();

    [RequiresTinyModelFact]
    public async Task Every_sequence_of_a_batch_keeps_its_own_grammar()
    {
        using var client = Load(maxConcurrency: 4);
        // Two grammars interleaved, each request with its own seed at a high temperature: a shared sampler or
        // grammar would break at least one of them.
        var requests = Enumerable.Range(0, 12).Select(i => client.GetResponseAsync(Story(i), new ChatOptions { Temperature = 1.5f, Seed = i, MaxOutputTokens = 16 }
            .WithGrammar(i % 2 == 0 ? "root ::= \"<score>\" [0-4] \"</score>\"" : "root ::= \"yes\" | \"no\""))).ToArray();

        var responses = await Task.WhenAll(requests);

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.Matches(i % 2 == 0 ? Score() : YesNo(), responses[i].Text);
            Assert.Equal(ChatFinishReason.Stop, responses[i].FinishReason);
        }
    }

    [RequiresTinyModelFact]
    public async Task Batched_helpsteer_answers_parse_and_reuse_the_shared_prompt_prefix()
    {
        using var client = LlamaCppChatClient.Load(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions { Threads = 1, MaxConcurrency = 4 });
        var task = LlmTaskDefinition.Of<HelpSteer>();
        var rows = Enumerable.Range(0, 8)
            .Select(i => task.FromRow(new Dictionary<string, object?> { ["prompt"] = $"Tell me a story about dog {i}.", ["response"] = $"Dog {i} ran to the park and played." }))
            .ToArray();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 128 }.WithGrammar(task.OutputGrammar);

        var responses = await Task.WhenAll(rows.Select(r => client.GetResponseAsync(task.BuildPrompt(r), options)));

        for (var i = 0; i < rows.Length; i++)
        {
            var parsed = task.ToRow(task.ParseOutput(rows[i], responses[i].Text));
            Assert.All(task.Descriptor.Outputs, o => Assert.IsType<int>(parsed[o.Name]));
        }

        // The system prompt and instructions are evaluated once: every other row takes them from the cache.
        var prompts = rows.Select(r => client.FormatPrompt(task.BuildPrompt(r))).ToArray();
        var prefix = CommonPrefixLength(prompts);
        Assert.Equal(0, responses[0].Usage!.CachedInputTokenCount);
        for (var i = 1; i < rows.Length; i++)
        {
            var usage = responses[i].Usage!;
            // A token has at least one character, so the part after the shared prefix is at most this many tokens.
            var ownTokens = prompts[i].Length - prefix + 1;
            Assert.InRange(usage.CachedInputTokenCount!.Value, usage.InputTokenCount!.Value - ownTokens, usage.InputTokenCount.Value - 1);
        }
    }

    [RequiresTinyModelFact]
    public async Task A_follow_up_request_with_the_same_prefix_reuses_the_cache_and_concurrency_one_still_works()
    {
        using var client = Load(maxConcurrency: 1);
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 16 }.WithGrammar("root ::= \"<score>\" [0-4] \"</score>\"");

        var first = await client.GetResponseAsync(Story(1), options);
        var second = await client.GetResponseAsync(Story(2), options);

        Assert.Matches(Score(), first.Text);
        Assert.Matches(Score(), second.Text);
        Assert.Equal(0, first.Usage!.CachedInputTokenCount);
        Assert.InRange(second.Usage!.CachedInputTokenCount!.Value, 30, second.Usage.InputTokenCount!.Value - 1);
    }

    [RequiresTinyModelFact]
    public async Task Cancelling_one_request_of_a_batch_leaves_the_others_intact()
    {
        using var client = Load(maxConcurrency: 4);
        using var cancel = new CancellationTokenSource();
        // This one never ends by itself before it fills its context: its grammar has no end.
        var endless = new ChatOptions { Temperature = 1.5f, Seed = 1, MaxOutputTokens = 100_000 }.WithGrammar("root ::= \"a\" root");
        await using var running = client.GetStreamingResponseAsync(Story(0), endless, cancel.Token).GetAsyncEnumerator();
        Assert.True(await running.MoveNextAsync(), "the endless request streams its first token");
        var others = Enumerable.Range(1, 3)
            .Select(i => client.GetResponseAsync(Story(i), new ChatOptions { Temperature = 1.0f, Seed = i, MaxOutputTokens = 64 }.WithGrammar("root ::= \"<score>\" [0-4] \"</score>\"")))
            .ToArray();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await running.MoveNextAsync())
            {
            }
        });
        foreach (var other in await Task.WhenAll(others))
            Assert.Matches(Score(), other.Text);
        var after = await client.GetResponseAsync(Story(9), new ChatOptions { Temperature = 0, MaxOutputTokens = 16 }.WithGrammar("root ::= \"yes\" | \"no\""));
        Assert.Matches(YesNo(), after.Text);
    }

    [RequiresTinyModelFact]
    public async Task Disposing_a_full_batch_stops_running_and_queued_requests()
    {
        var client = Load(maxConcurrency: 2);
        var endless = new ChatOptions { Temperature = 1.5f, Seed = 1, MaxOutputTokens = 100_000 }.WithGrammar("root ::= \"a\" root");
        var running = new List<IAsyncEnumerator<ChatResponseUpdate>>();
        for (var i = 0; i < 2; i++)
        {
            var stream = client.GetStreamingResponseAsync(Story(i), endless).GetAsyncEnumerator();
            Assert.True(await stream.MoveNextAsync(), "each running request streams its first token");
            running.Add(stream);
        }

        // Both sequences are taken: these wait for one.
        var queued = Enumerable.Range(0, 3).Select(i => client.GetResponseAsync(Story(i), new ChatOptions { Temperature = 0, MaxOutputTokens = 8 })).ToArray();
        Assert.All(queued, q => Assert.False(q.IsCompleted));

        await Task.Run(client.Dispose).WaitAsync(TimeSpan.FromMinutes(1));

        foreach (var request in queued)
            await Assert.ThrowsAsync<ObjectDisposedException>(() => request.WaitAsync(TimeSpan.FromMinutes(1)));
        foreach (var stream in running)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
            {
                while (await stream.MoveNextAsync())
                {
                }
            });
            await stream.DisposeAsync();
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync(Story(0)));
    }

    private static int CommonPrefixLength(string[] texts)
    {
        var n = 0;
        while (texts.All(t => t.Length > n && t[n] == texts[0][n]))
            n++;
        return n;
    }
}

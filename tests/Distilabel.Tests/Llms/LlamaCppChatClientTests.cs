using System.Text.RegularExpressions;
using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Testing;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Llms;

/// <summary>A real llama.cpp engine with the tiny stories260K model (meaningless answers, real decoding).</summary>
public partial class LlamaCppChatClientTests
{
    private const string ScoreGrammar = "root ::= \"<score>\" [0-4] \"</score>\"";

    private static readonly ChatMessage[] Judge =
    [
        new(ChatRole.System, "You are a strict judge. Answer with <score>N</score>."),
        new(ChatRole.User, "Once upon a time there was a little dog. Rate the story."),
    ];

    private static LlamaCppChatClient Load(int maxConcurrency = 1, string? template = null) =>
        LlamaCppChatClient.Load(SharedFiles.TinyModelPath!, new LlamaCppChatClientOptions
        {
            Threads = 1,
            ContextSize = 512,
            MaxConcurrency = maxConcurrency,
            ChatTemplate = template,
        });

    [GeneratedRegex(@"^<score>[0-4]</score>$")]
    private static partial Regex Score();

    [RequiresTinyModelFact]
    public async Task Grammar_constrained_answers_always_match_the_grammar()
    {
        using var client = Load();

        for (var seed = 1; seed <= 20; seed++)
        {
            var response = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 1.5f, Seed = seed, MaxOutputTokens = 32 }.WithGrammar(ScoreGrammar));
            Assert.Matches(Score(), response.Text);
            Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        }
    }

    [RequiresTinyModelFact]
    public async Task The_same_seed_gives_the_same_answer_and_temperature_zero_is_greedy()
    {
        using var client = Load();
        async Task<string> Ask(long seed, float temperature) =>
            (await client.GetResponseAsync(Judge, new ChatOptions { Temperature = temperature, Seed = seed, MaxOutputTokens = 24 })).Text;

        Assert.Equal(await Ask(42, 1.0f), await Ask(42, 1.0f));
        Assert.Equal(await Ask(1, 0f), await Ask(2, 0f));
        var varied = new HashSet<string>();
        for (var seed = 1; seed <= 5; seed++)
            varied.Add(await Ask(seed, 1.5f));
        Assert.True(varied.Count > 1, "different seeds at a high temperature should not all agree");
    }

    [RequiresTinyModelFact]
    public async Task The_chat_template_renders_the_prompt_not_a_user_assistant_layout()
    {
        using var client = Load();
        using var llama3 = Load(template: "llama3");

        var prompt = client.FormatPrompt(Judge);
        var llama3Prompt = llama3.FormatPrompt(Judge);

        Assert.Null(client.ModelChatTemplate); // stories260K has none: llama.cpp's chatml fallback applies
        Assert.Equal("chatml", client.ChatTemplateName);
        Assert.StartsWith("<|im_start|>system\nYou are a strict judge.", prompt);
        Assert.Contains("<|im_start|>user\nOnce upon a time", prompt);
        Assert.EndsWith("<|im_start|>assistant\n", prompt);
        Assert.DoesNotContain("User:", prompt);
        Assert.DoesNotContain("Assistant:", prompt);
        Assert.Contains("<|start_header_id|>user<|end_header_id|>", llama3Prompt);

        // The template is what the model actually reads: prompt sizes differ with it.
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 1 };
        var a = await client.GetResponseAsync(Judge, options);
        var b = await llama3.GetResponseAsync(Judge, options);
        Assert.NotEqual(a.Usage!.InputTokenCount, b.Usage!.InputTokenCount);
    }

    [RequiresTinyModelFact]
    public async Task Max_output_tokens_usage_and_model_id_are_reported()
    {
        using var client = Load();

        var response = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 0, Seed = 1, MaxOutputTokens = 5 });

        Assert.Equal("stories260K", response.ModelId);
        Assert.InRange(response.Usage!.OutputTokenCount!.Value, 1, 5);
        Assert.True(response.Usage.InputTokenCount > 20);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        if (response.Usage.OutputTokenCount == 5)
            Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("llama.cpp", client.GetService<ChatClientMetadata>()?.ProviderName);
    }

    [RequiresTinyModelFact]
    public async Task Concurrent_greedy_requests_answer_as_they_do_one_at_a_time()
    {
        // Batching and cache reuse change floating-point rounding, which can flip a near-tie between two tokens: in
        // free text this tiny model has such ties; a judge's constrained answer (what batching is for) has not.
        using var batched = Load(maxConcurrency: 2);
        using var alone = Load();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 16 }.WithGrammar(ScoreGrammar);
        var chats = Enumerable.Range(0, 6)
            .Select(i => new[] { Judge[0], new ChatMessage(ChatRole.User, $"Once upon a time there was a little dog called {i}. Rate the story.") })
            .ToArray();

        var parallel = await Task.WhenAll(chats.Select(c => batched.GetResponseAsync(c, options)));

        for (var i = 0; i < chats.Length; i++)
            Assert.Equal((await alone.GetResponseAsync(chats[i], options)).Text, parallel[i].Text);
    }

    [RequiresTinyModelFact]
    public async Task Streaming_gives_the_same_text_and_reports_usage()
    {
        using var client = Load();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 20 };

        var whole = await client.GetResponseAsync(Judge, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Judge, options))
            updates.Add(update);
        var streamed = updates.ToChatResponse();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.Usage!.OutputTokenCount, streamed.Usage!.OutputTokenCount);
        Assert.True(updates.Count > 2);
    }

    [RequiresTinyModelFact]
    public async Task Json_response_format_constrains_to_a_json_object()
    {
        using var client = Load();

        var response = await client.GetResponseAsync(Judge, new ChatOptions
        {
            Temperature = 0.7f,
            Seed = 3,
            MaxOutputTokens = 200,
            ResponseFormat = ChatResponseFormat.Json,
        });

        JsonAssert.IsObjectOrItsPrefix(response);
    }

    [RequiresTinyModelFact]
    public async Task Stop_sequences_end_the_answer()
    {
        using var client = Load();
        var free = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 0, MaxOutputTokens = 40 });
        var stop = free.Text.Length > 10 ? free.Text.Substring(5, 3) : null;
        Assert.NotNull(stop);

        var stopped = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 0, MaxOutputTokens = 40, StopSequences = [stop] });

        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [RequiresTinyModelFact]
    public async Task A_broken_grammar_is_an_argument_error_and_the_client_keeps_working()
    {
        using var client = Load();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Judge, new ChatOptions { MaxOutputTokens = 4 }.WithGrammar("root ::= (")));

        var ok = await client.GetResponseAsync(Judge, new ChatOptions { Temperature = 0, MaxOutputTokens = 16 }.WithGrammar(ScoreGrammar));
        Assert.Matches(Score(), ok.Text);
    }

    [RequiresTinyModelFact]
    public async Task A_disposed_client_refuses_requests()
    {
        var client = Load();
        client.Dispose();
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync(Judge));
    }

    [RequiresTinyModelFact]
    public async Task Disposing_under_load_stops_running_and_waiting_requests_cleanly()
    {
        var client = Load(maxConcurrency: 1);
        // The running request can never end by itself before it fills the context: its grammar has no end.
        var endless = new ChatOptions { Temperature = 1.5f, Seed = 1, MaxOutputTokens = 100_000 }.WithGrammar("root ::= \"a\" root");
        await using var running = client.GetStreamingResponseAsync(Judge, endless).GetAsyncEnumerator();
        Assert.True(await running.MoveNextAsync(), "the running request streams its first token");
        // The single slot is taken: these two wait for it.
        var waiting = Enumerable.Range(0, 2)
            .Select(i => client.GetResponseAsync(Judge, new ChatOptions { Temperature = 0, Seed = i, MaxOutputTokens = 8 }))
            .ToArray();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        await Task.Run(client.Dispose).WaitAsync(TimeSpan.FromMinutes(1));

        // The waiting requests never got a context: they are refused. The running one stops at its next token.
        foreach (var request in waiting)
            await Assert.ThrowsAsync<ObjectDisposedException>(() => request.WaitAsync(TimeSpan.FromMinutes(1)));
        var tokens = 1;
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            while (await running.MoveNextAsync())
                tokens++;
        });
        Assert.True(tokens < 400, $"the running request went on for {tokens} tokens after Dispose");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync(Judge));
    }

    [Fact]
    public void A_missing_model_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".gguf");

        var ex = Assert.Throws<FileNotFoundException>(() => LlamaCppChatClient.Load(path));

        Assert.Contains(path, ex.Message);
    }
}

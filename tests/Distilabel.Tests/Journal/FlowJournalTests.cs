using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Testing.OpenAI;
using Distilabel.Tests.Pipeline;
using Microsoft.Extensions.AI;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Journal;

/// <summary>A two-step run (generate with a pool → explode → label) stopped midway and resumed, over real HTTP on loopback.</summary>
[Collection(JournalCollection.Name)]
public class FlowJournalTests
{
    private const int Rows = 24;

    private static IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Input()
        => Enumerable.Range(0, Rows).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"question {i}", ["id"] = (long)i }).ToAsyncEnumerable();

    private static Task<IChatClient> ClientAsync(string baseUrl, string model) => LlmClients.CreateAsync(new LlmSettings
    {
        Provider = LlmProvider.OpenAICompatible,
        BaseUrl = baseUrl,
        Model = model,
        MaxAttempts = 1,
    });

    private static Flow Steps(IChatClient genA, IChatClient genB, IChatClient judge) => new Flow()
        .Generate(new LlmPool(new PoolMember(genA, Concurrency: 2), new PoolMember(genB, Concurrency: 2)), numGenerations: 2)
        .Explode(["generations", "generation_models"], new Dictionary<string, string> { ["generations"] = "response" })
        .Label<ResponseScore>(judge, new PipelineOptions { Concurrency = 3 });

    private static async Task<byte[]> WriteAsync(IAsyncEnumerable<LabelledRow> rows, string path, Action<LabelledRow>? seen = null)
    {
        await using (var writer = DatasetFiles.CreateWriter(path))
        {
            await foreach (var row in rows)
            {
                seen?.Invoke(row);
                await writer.WriteAsync(row.Values);
            }

            await writer.CompleteAsync();
        }

        return await File.ReadAllBytesAsync(path);
    }

    [Fact]
    public async Task A_resumed_two_step_run_asks_no_llm_again_what_either_step_answered_and_writes_identical_bytes()
    {
        using var folder = new TempFolder();
        await using var generators = await ScriptedOpenAIServer.StartAsync(r => ScriptedResponse.Delay(TimeSpan.FromMilliseconds(5), ScriptedResponse.Content($"{r.Model} says: {r.LastUserMessage}")));
        await using var judges = await ScriptedOpenAIServer.StartAsync(r => ScriptedResponse.Delay(TimeSpan.FromMilliseconds(5), ScriptedResponse.Content($"<score>{r.LastUserMessage.Length % 5 + 1}</score>")));
        using var genA = await ClientAsync(generators.BaseUrl, "gen-a");
        using var genB = await ClientAsync(generators.BaseUrl, "gen-b");
        using var judge = await ClientAsync(judges.BaseUrl, "judge");
        var flow = Steps(genA, genB, judge);

        // The reference: one uninterrupted run without a journal.
        var expected = await WriteAsync(flow.RunAsync(Input()), folder.File("expected.jsonl"));
        Assert.Equal((2 * Rows, 2 * Rows), (generators.ChatRequestCount, judges.ChatRequestCount));

        // A run stopped at once (requests in flight are cancelled) after its fifth row.
        var journalPath = folder.File("run.journal.db");
        using (var stop = new CancellationTokenSource())
        using (var journal = RunJournal.Open(journalPath, flow.RunKey))
        {
            var yielded = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var _ in flow.RunAsync(Input(), abortToken: stop.Token, journal: journal))
                {
                    if (++yielded == 5)
                        await stop.CancelAsync();
                }
            });
        }

        int generated, labelled;
        using (var journal = RunJournal.Open(journalPath, flow.RunKey))
        {
            var entries = journal.ReadAll();
            generated = entries.Count(e => e.Step == "generate");
            labelled = entries.Count(e => e.Step == "response_score");
        }

        // The first step may have finished every row before the stop (it runs ahead of the second); the second has not.
        Assert.InRange(generated, 3, Rows);
        Assert.InRange(labelled, 5, 2 * Rows - 1);

        // The resumed run asks each step only for what it had not finished.
        var (generatorsBefore, judgesBefore) = (generators.ChatRequestCount, judges.ChatRequestCount);
        byte[] resumed;
        using (var journal = RunJournal.Open(journalPath, flow.RunKey))
        {
            resumed = await WriteAsync(flow.RunAsync(Input(), journal: journal), folder.File("resumed.jsonl"));
            Assert.Equal(generated, journal.ReusedBy("generate"));
            Assert.Equal(labelled, journal.ReusedBy("response_score"));
        }

        Assert.Equal(2 * (Rows - generated), generators.ChatRequestCount - generatorsBefore);
        Assert.Equal(2 * Rows - labelled, judges.ChatRequestCount - judgesBefore);
        Assert.Equal(expected, resumed);
    }

    [Fact]
    public async Task The_readme_chain_reads_a_file_and_writes_a_file_with_a_journal()
    {
        using var folder = new TempFolder();
        var input = folder.File("prompts.jsonl");
        await File.WriteAllLinesAsync(input, ["{\"prompt\":\"q0\"}", "{\"prompt\":\"q1\"}"]);
        var pool = new LlmPool(new PoolMember(new UserMessageChatClient((u, _) => Task.FromResult("a " + u), "gen-a")), new PoolMember(new UserMessageChatClient((u, _) => Task.FromResult("b " + u), "gen-b")));
        var judge = new UserMessageChatClient((_, _) => Task.FromResult("<score>5</score>"), "judge");

        var rows = DatasetFiles.ReadAsync(input)
            .Generate(pool, numGenerations: 4)
            .Explode(["generations", "generation_models"], new Dictionary<string, string> { ["generations"] = "response" })
            .Label<ResponseScore>(judge, new PipelineOptions { Concurrency = 4 });
        using (var journal = RunJournal.Open(folder.File("rated.journal.db"), rows.RunKey))
            Assert.Equal(8, await DatasetFiles.WriteAsync(folder.File("rated.jsonl"), rows.WithJournal(journal).Select(r => r.Values)));

        var written = await DatasetFiles.ReadAsync(folder.File("rated.jsonl")).ToListAsync();
        Assert.Equal(["a q0", "a q0", "b q0", "b q0"], written.Take(4).Select(r => (string?)r["response"]));
        Assert.All(written, r => Assert.Equal(5L, Convert.ToInt64(r["score"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(8, judge.Calls);
    }
}

using Distilabel.Data;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks;
using Distilabel.Tests.Pipeline;
using Xunit.Abstractions;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Journal;

[Collection(JournalCollection.Name)]
public class PipelineJournalTests(ITestOutputHelper log)
{
    private static Dictionary<string, object?> Row(int i) => new() { ["prompt"] = $"question {i}", ["response"] = $"answer {i}", ["id"] = (long)i, ["score"] = i / 3.0, ["ok"] = i % 2 == 0 };

    private static IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Rows(int count) => Enumerable.Range(0, count).Select(i => (IReadOnlyDictionary<string, object?>)Row(i)).ToAsyncEnumerable();

    private static int RowOf(string user) => int.Parse(user.Split("question ")[1].Split('<')[0]);

    /// <summary>Row i: a good answer, except every 7th row gets garbage (a failed row).</summary>
    private static string AnswerFor(int i) => i % 7 == 3
        ? $"no idea about row {i}"
        : $"<correctness>{i % 5}</correctness><coherence>4</coherence><complexity>1</complexity><verbosity>2</verbosity><helpfulness>{i % 3}</helpfulness>";

    private static UserMessageChatClient Client(Func<int, Task>? before = null, string model = "fake-model") => new(async (user, ct) =>
    {
        var i = RowOf(user);
        if (before is not null)
            await before(i);
        await Task.Delay(i % 4, ct);
        return AnswerFor(i);
    }, model);

    private static async Task<List<LabelledRow>> CollectAsync(IAsyncEnumerable<LabelledRow> rows)
    {
        var list = new List<LabelledRow>();
        await foreach (var row in rows)
            list.Add(row);
        return list;
    }

    private static void AssertSameRows(IReadOnlyList<LabelledRow> expected, IReadOnlyList<LabelledRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.Equal(expected[i].Error, actual[i].Error);
            Assert.Equal(expected[i].Values.Keys, actual[i].Values.Keys);
            foreach (var (column, value) in expected[i].Values)
            {
                var other = actual[i].Values[column];
                Assert.Equal(value?.GetType(), other?.GetType());
                Assert.Equal(value, other);
            }
        }
    }

    [Fact]
    public async Task A_finished_run_is_replayed_from_the_journal_without_asking_the_llm()
    {
        using var folder = new TempFolder();
        var pipeline = LabellingPipeline.For<HelpSteer>(Client(), new PipelineOptions { Concurrency = 8 });
        List<LabelledRow> first;
        using (var journal = RunJournal.Open(folder.File("j.db"), pipeline.RunKey))
            first = await CollectAsync(pipeline.RunAsync(Rows(60), journal: journal));

        var silent = new UserMessageChatClient((_, _) => throw new InvalidOperationException("must not be asked"));
        var replay = LabellingPipeline.For<HelpSteer>(silent, new PipelineOptions { Concurrency = 8, LabellerName = "fake-model" });
        using var again = RunJournal.Open(folder.File("j.db"), replay.RunKey);
        var second = await CollectAsync(replay.RunAsync(Rows(60), journal: again));

        Assert.Equal(0, silent.Calls);
        Assert.Equal(60, again.Reused);
        AssertSameRows(first, second);
        Assert.Contains(second, r => r.Error is not null);
        Assert.IsType<int>(second[0].Values["correctness"]);
    }

    [Fact]
    public async Task An_aborted_run_resumes_to_exactly_the_uninterrupted_output_losing_only_rows_in_flight()
    {
        using var folder = new TempFolder();
        const int rows = 200, concurrency = 6;
        var reference = await CollectAsync(LabellingPipeline.For<HelpSteer>(Client(), new PipelineOptions { Concurrency = concurrency }).RunAsync(Rows(rows)));

        var calls = 0;
        var kills = 0;
        var random = new Random(11);
        List<LabelledRow>? final = null;
        while (final is null)
        {
            using var abort = new CancellationTokenSource();
            var stopAfter = random.Next(5, 40);
            var asked = 0;
            var client = Client(_ =>
            {
                Interlocked.Increment(ref calls);
                if (Interlocked.Increment(ref asked) == stopAfter)
                    abort.Cancel();
                return Task.CompletedTask;
            });
            var pipeline = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = concurrency });
            using var journal = RunJournal.Open(folder.File("j.db"), pipeline.RunKey);
            try
            {
                final = await CollectAsync(pipeline.RunAsync(Rows(rows), abortToken: abort.Token, journal: journal));
            }
            catch (OperationCanceledException)
            {
                kills++;
            }
        }

        Assert.True(kills >= 3, $"only {kills} interruptions");
        AssertSameRows(reference, final);
        Assert.InRange(calls, rows, rows + concurrency * kills);
    }

    [Fact]
    public async Task Drained_rows_are_journaled_and_not_asked_again()
    {
        using var folder = new TempFolder();
        using var drain = new CancellationTokenSource();
        var client = Client(i =>
        {
            if (i == 20)
                drain.Cancel();
            return Task.CompletedTask;
        });
        var pipeline = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 4 });
        int firstCount;
        using (var journal = RunJournal.Open(folder.File("j.db"), pipeline.RunKey))
        {
            var partial = await CollectAsync(pipeline.RunAsync(Rows(100), drainToken: drain.Token, journal: journal));
            firstCount = partial.Count;
            Assert.Equal(partial.Count, journal.Recorded);
        }

        var second = Client();
        var resumed = LabellingPipeline.For<HelpSteer>(second, new PipelineOptions { Concurrency = 4 });
        using var again = RunJournal.Open(folder.File("j.db"), resumed.RunKey);
        var all = await CollectAsync(resumed.RunAsync(Rows(100), journal: again));

        Assert.Equal(100, all.Count);
        Assert.Equal(firstCount, again.Reused);
        Assert.Equal(100 - firstCount, second.Calls);
    }

    [Fact]
    public async Task Retry_failed_asks_only_the_rows_that_ended_with_an_error()
    {
        using var folder = new TempFolder();
        var pipeline = LabellingPipeline.For<HelpSteer>(Client(), new PipelineOptions { Concurrency = 4 });
        List<LabelledRow> first;
        using (var journal = RunJournal.Open(folder.File("j.db"), pipeline.RunKey))
            first = await CollectAsync(pipeline.RunAsync(Rows(50), journal: journal));
        var failed = first.Where(r => r.Error is not null).Select(r => (int)r.Index).ToHashSet();
        Assert.NotEmpty(failed);

        var asked = new System.Collections.Concurrent.ConcurrentBag<int>();
        var fixedClient = new UserMessageChatClient((user, _) =>
        {
            asked.Add(RowOf(user));
            return Task.FromResult(AnswerFor(0));
        });
        var retry = LabellingPipeline.For<HelpSteer>(fixedClient, new PipelineOptions { Concurrency = 4, LabellerName = "fake-model" });
        using var again = RunJournal.Open(folder.File("j.db"), retry.RunKey, new RunJournalOptions { RetryFailed = true });
        var second = await CollectAsync(retry.RunAsync(Rows(50), journal: again));

        Assert.Equal(failed.Order(), asked.Order());
        Assert.All(second, r => Assert.Null(r.Error));
        Assert.Equal(first.Where(r => r.Error is null).Select(r => r.Values["raw_labelling_response"]), second.Where(r => !failed.Contains((int)r.Index)).Select(r => r.Values["raw_labelling_response"]));
    }

    [Fact]
    public void The_run_key_changes_with_prompt_model_and_options_but_not_concurrency()
    {
        var client = Client();
        var key = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 4 }).RunKey;

        Assert.Equal(key, LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 16, ReorderWindow = 99 }).RunKey);
        Assert.NotEqual(key, LabellingPipeline.For<HelpSteer>(Client(model: "other"), new PipelineOptions()).RunKey);
        Assert.NotEqual(key, LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Temperature = 0.7f }).RunKey);
        Assert.NotEqual(key, LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { MaxNewTokens = 64 }).RunKey);
        Assert.NotEqual(key, LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Seed = 1 }).RunKey);
        Assert.NotEqual(key, LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { UseGrammar = false }).RunKey);
        Assert.NotEqual(key, LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { UseJsonSchema = true }).RunKey);
        Assert.Equal(HelpSteer.Descriptor.Fingerprint, key.Components["prompt"]);
    }

    [Theory]
    [InlineData(JournalAfterSuccess.Keep, false, true)]
    [InlineData(JournalAfterSuccess.Delete, false, false)]
    [InlineData(JournalAfterSuccess.Delete, true, true)]
    public async Task The_journal_after_a_run_is_kept_or_deleted_as_asked_but_never_while_a_row_failed(JournalAfterSuccess after, bool oneRowFails, bool journalLeft)
    {
        using var folder = new TempFolder();
        var input = folder.File("in.jsonl");
        await DatasetFiles.WriteAsync(input, Enumerable.Range(0, 30).Select(i => new Row(Row(i))));
        var output = folder.File("out/labelled.jsonl");
        var journalPath = RunJournal.DefaultPathFor(output);
        var client = new UserMessageChatClient((user, _) =>
        {
            var i = RowOf(user);
            return Task.FromResult(oneRowFails && i == 7 ? "no idea" : $"<correctness>{i % 5}</correctness><coherence>4</coherence><complexity>1</complexity><verbosity>2</verbosity><helpfulness>3</helpfulness>");
        }, "fake-model");

        var result = await LabelJob.RunAsync(
            LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 4 }),
            new LabelJobOptions { InputPath = input, OutputPath = output, JournalPath = journalPath, JournalAfterSuccess = after });

        Assert.True(result.Completed);
        Assert.Equal(oneRowFails ? 1 : 0, result.Failed);
        Assert.Equal(journalLeft, File.Exists(journalPath));
        Assert.Equal(!journalLeft, result.JournalDeleted);
        if (!journalLeft)
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(journalPath)!, "*.journal.db*"));
    }

    [Theory]
    [InlineData(".jsonl")]
    [InlineData(".parquet")]
    [InlineData(".csv")]
    public async Task A_label_job_resumed_after_an_interruption_writes_the_same_bytes_as_an_uninterrupted_one(string extension)
    {
        using var folder = new TempFolder();
        var input = folder.File("in" + extension);
        await DatasetFiles.WriteAsync(input, Enumerable.Range(0, 120).Select(i => new Row(Row(i))));

        await LabelJob.RunAsync(
            LabellingPipeline.For<HelpSteer>(Client(), new PipelineOptions { Concurrency = 8 }),
            new LabelJobOptions { InputPath = input, OutputPath = folder.File("reference" + extension) });

        var output = folder.File("out/labelled" + extension);
        var journalPath = RunJournal.DefaultPathFor(output);
        using (var abort = new CancellationTokenSource())
        {
            var asked = 0;
            var client = Client(_ =>
            {
                if (Interlocked.Increment(ref asked) == 50)
                    abort.Cancel();
                return Task.CompletedTask;
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LabelJob.RunAsync(
                LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 8 }),
                new LabelJobOptions { InputPath = input, OutputPath = output, JournalPath = journalPath },
                abortToken: abort.Token));
        }

        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*tmp*"));
        var resumedClient = Client();
        var result = await LabelJob.RunAsync(
            LabellingPipeline.For<HelpSteer>(resumedClient, new PipelineOptions { Concurrency = 8 }),
            new LabelJobOptions { InputPath = input, OutputPath = output, JournalPath = journalPath });

        Assert.True(result.Completed);
        Assert.Equal(120, result.Rows);
        Assert.InRange(result.RowsFromJournal, 40, 49);
        Assert.Equal(120 - result.RowsFromJournal, resumedClient.Calls);
        Assert.Equal(File.ReadAllBytes(folder.File("reference" + extension)), File.ReadAllBytes(output));
        Assert.Equal(journalPath, result.JournalPath);
    }

    [Fact]
    public async Task A_label_job_refuses_a_journal_made_with_another_model()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.jsonl");
        await DatasetFiles.WriteAsync(input, Enumerable.Range(0, 5).Select(i => new Row(Row(i))));
        var options = new LabelJobOptions { InputPath = input, OutputPath = folder.File("out.jsonl"), JournalPath = folder.File("j.db") };
        await LabelJob.RunAsync(LabellingPipeline.For<HelpSteer>(Client()), options);

        var error = await Assert.ThrowsAsync<RunJournalMismatchException>(() => LabelJob.RunAsync(LabellingPipeline.For<HelpSteer>(Client(model: "bigger-model")), options));
        Assert.Contains("model 'fake-model' → 'bigger-model'", error.Message);

        var fresh = await LabelJob.RunAsync(LabellingPipeline.For<HelpSteer>(Client(model: "bigger-model")), options with { FreshJournal = true });
        Assert.Equal(0, fresh.RowsFromJournal);
        Assert.Contains("bigger-model", File.ReadAllText(folder.File("out.jsonl")));
    }

    [Fact]
    public async Task A_required_column_that_no_row_has_stops_the_job_before_any_request()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.jsonl");
        await File.WriteAllTextAsync(input, "{\"prompt\":\"a\",\"answer\":\"b\"}\n{\"prompt\":\"c\",\"answer\":\"d\"}\n");
        var client = Client();

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => LabelJob.RunAsync(
            LabellingPipeline.For<HelpSteer>(client),
            new LabelJobOptions { InputPath = input, OutputPath = folder.File("out.jsonl"), JournalPath = folder.File("j.db") }));

        Assert.Equal("response", error.Column);
        Assert.Contains("no row has the column 'response'", error.Message);
        Assert.Contains("prompt, answer", error.Message);
        Assert.Equal(0, client.Calls);
        Assert.False(File.Exists(folder.File("out.jsonl")));
        Assert.False(File.Exists(folder.File("j.db")));
    }

    [Fact]
    public async Task Journal_overhead_per_row_end_to_end()
    {
        using var folder = new TempFolder();
        const int rows = 3000;
        var instant = new UserMessageChatClient((user, _) => Task.FromResult(AnswerFor(RowOf(user))));
        var options = new PipelineOptions { Concurrency = 8 };

        async Task<double> MicrosPerRowAsync(Func<IAsyncEnumerable<LabelledRow>> run)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var count = 0;
            await foreach (var _ in run())
                count++;
            Assert.Equal(rows, count);
            return clock.Elapsed.TotalMicroseconds / rows;
        }

        // Warm up both paths (JIT, SQLite), then keep the best of three runs of each.
        var pipeline = LabellingPipeline.For<HelpSteer>(instant, options);
        double plain = double.MaxValue, journaled = double.MaxValue, replayed = double.MaxValue;
        using (var warm = RunJournal.Open(folder.File("warm.db"), pipeline.RunKey))
            await MicrosPerRowAsync(() => pipeline.RunAsync(Rows(rows), journal: warm));
        for (var trial = 0; trial < 3; trial++)
        {
            plain = Math.Min(plain, await MicrosPerRowAsync(() => pipeline.RunAsync(Rows(rows))));
            var path = folder.File($"j{trial}.db");
            using (var journal = RunJournal.Open(path, pipeline.RunKey))
                journaled = Math.Min(journaled, await MicrosPerRowAsync(() => pipeline.RunAsync(Rows(rows), journal: journal)));
            using (var journal = RunJournal.Open(path, pipeline.RunKey))
                replayed = Math.Min(replayed, await MicrosPerRowAsync(() => pipeline.RunAsync(Rows(rows), journal: journal)));
        }

        var line = $"pipeline with an instant LLM: {plain:0.0} µs/row without a journal, {journaled:0.0} µs/row journaling (+{journaled - plain:0.0}), {replayed:0.0} µs/row replaying from the journal";
        log.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "distilabel-journal-overhead.txt"), $"{DateTime.UtcNow:O} {line}\n");
        Assert.InRange(journaled - plain, -1000, 2000);
    }

    [Fact]
    public async Task A_resumed_run_has_the_same_typed_errors_as_the_first()
    {
        using var folder = new TempFolder();
        var pipeline = LabellingPipeline.For<HelpSteer>(Client(), new PipelineOptions { Concurrency = 4 });
        List<LabelledRow> first;
        using (var journal = RunJournal.Open(folder.File("j.db"), pipeline.RunKey))
            first = await CollectAsync(pipeline.RunAsync(Rows(30), journal: journal));
        var silent = new UserMessageChatClient((_, _) => throw new InvalidOperationException("the journal should answer"));
        using var reopened = RunJournal.Open(folder.File("j.db"), pipeline.RunKey);
        var second = await CollectAsync(LabellingPipeline.For<HelpSteer>(silent, new PipelineOptions { Concurrency = 4, LabellerName = "fake-model" }).RunAsync(Rows(30), journal: reopened));

        Assert.Contains(first, r => r.Failure is not null);
        Assert.Equal(first.Select(r => r.Failure), second.Select(r => r.Failure));
        Assert.All(first.Where(r => r.Failure is not null), r =>
        {
            Assert.Equal(RowErrorKind.Unparsable, r.Failure!.Kind);
            Assert.Equal("unparsable answer", r.Failure.Reason);
            Assert.Equal("helpsteer", r.Failure.Step);
            Assert.Equal(r.Failure.Text, r.Values["labelling_error"]);
        });
    }
}

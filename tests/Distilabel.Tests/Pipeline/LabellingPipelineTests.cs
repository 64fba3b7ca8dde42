using System.ClientModel;
using System.ClientModel.Primitives;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Pipeline;

public class LabellingPipelineTests
{
    private const string GoodAnswer = "<correctness>3</correctness><coherence>4</coherence><complexity>1</complexity><verbosity>2</verbosity><helpfulness>3</helpfulness>";

    private static Dictionary<string, object?> Row(int i) => new() { ["prompt"] = $"question {i}", ["response"] = $"answer {i}", ["id"] = (long)i };

    private static IEnumerable<IReadOnlyDictionary<string, object?>> Rows(int count) => Enumerable.Range(0, count).Select(Row);

    [Fact]
    public async Task Labels_every_row_in_input_order_with_bookkeeping_columns()
    {
        var random = new Random(1);
        var delays = Enumerable.Range(0, 40).Select(_ => random.Next(0, 15)).ToArray();
        var client = new UserMessageChatClient(async (user, ct) =>
        {
            var i = int.Parse(user.Split("question ")[1].Split('<')[0]);
            await Task.Delay(delays[i], ct);
            return GoodAnswer;
        });
        var pipeline = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 8 });

        var rows = await pipeline.RunAsync(Rows(40));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), rows.Select(r => (long)r.Values["id"]!));
        Assert.All(rows, r => Assert.True(r.Succeeded));
        var first = rows[0].Values;
        Assert.Equal(["prompt", "response", "id", "correctness", "coherence", "complexity", "verbosity", "helpfulness", "labelling_model", "raw_labelling_response", "labelling_error"], first.Keys);
        Assert.Equal(3, first["correctness"]);
        Assert.Equal("fake-model", first["labelling_model"]);
        Assert.Equal(GoodAnswer, first["raw_labelling_response"]);
        Assert.Null(first["labelling_error"]);
        Assert.InRange(client.MaxInFlight, 2, 8);
    }

    [Fact]
    public async Task Garbage_answer_keeps_the_row_with_null_outputs_and_raw_text()
    {
        var client = new UserMessageChatClient((_, _) => Task.FromResult("I think it is pretty good, maybe a 7/10?"));
        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(3));

        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.False(r.Succeeded);
            Assert.Null(r.Values["correctness"]);
            Assert.Equal("I think it is pretty good, maybe a 7/10?", r.Values["raw_labelling_response"]);
            Assert.Contains("unparsable", (string)r.Values["labelling_error"]!);
            Assert.Equal("question " + r.Index, r.Values["prompt"]);
        });
    }

    [Fact]
    public async Task Partially_valid_answer_names_the_missing_outputs()
    {
        var client = new UserMessageChatClient((_, _) => Task.FromResult("<correctness>3</correctness><coherence>9</coherence>"));
        var row = (await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(1)))[0];

        Assert.Equal(3, row.Values["correctness"]);
        Assert.Null(row.Values["coherence"]);
        Assert.Equal("unparsable answer: no valid value for coherence, complexity, verbosity, helpfulness", row.Error);
    }

    [Fact]
    public async Task Bad_input_row_fails_alone_without_calling_the_llm()
    {
        var client = new UserMessageChatClient((_, _) => Task.FromResult(GoodAnswer));
        var input = new List<IReadOnlyDictionary<string, object?>>
        {
            Row(0),
            new Dictionary<string, object?> { ["prompt"] = null, ["response"] = "x" },
            new Dictionary<string, object?> { ["prompt"] = "q" },
            Row(3),
        };

        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(input);

        Assert.Equal(2, client.Calls);
        Assert.True(rows[0].Succeeded);
        Assert.Equal("bad input: task 'helpsteer', column 'prompt': is null", rows[1].Error);
        Assert.StartsWith("bad input: task 'helpsteer', column 'response': is missing", rows[2].Error);
        Assert.Null(rows[2].Values["raw_labelling_response"]);
        Assert.True(rows[3].Succeeded);
    }

    [Fact]
    public async Task Empty_and_blank_inputs_are_values_sent_to_the_llm()
    {
        var client = new UserMessageChatClient((_, _) => Task.FromResult(GoodAnswer));
        var input = new List<IReadOnlyDictionary<string, object?>>
        {
            new Dictionary<string, object?> { ["prompt"] = "", ["response"] = "x" },
            new Dictionary<string, object?> { ["prompt"] = "q", ["response"] = " \t" },
        };

        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(input);

        Assert.Equal(2, client.Calls);
        Assert.All(rows, row => Assert.True(row.Succeeded, row.Error));
    }

    [Fact]
    public async Task Request_error_is_recorded_and_the_run_goes_on()
    {
        var client = new UserMessageChatClient((user, _) => user.Contains("question 1<")
            ? throw new ClientResultException("server error", PipelineResponseStub.Create(500))
            : Task.FromResult(GoodAnswer));

        var rows = await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(3));

        Assert.True(rows[0].Succeeded);
        Assert.False(rows[1].Succeeded);
        Assert.Contains("500", rows[1].Error);
        Assert.True(rows[2].Succeeded);
    }

    [Fact]
    public async Task Configuration_error_stops_the_run_fast()
    {
        var client = new UserMessageChatClient((_, _) => throw new ClientResultException("Incorrect API key provided: sk-test-SECRET-123", PipelineResponseStub.Create(401)));
        var pipeline = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 2 });

        var error = await Assert.ThrowsAsync<PipelineAbortedException>(() => pipeline.RunAsync(Rows(500)));

        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("sk-test-SECRET-123", error.Message);
        Assert.True(client.Calls < 20, $"{client.Calls} requests were sent after the key was rejected");
    }

    [Fact]
    public async Task Drain_returns_rows_in_flight_and_reads_no_more()
    {
        using var drain = new CancellationTokenSource();
        var client = new UserMessageChatClient(async (_, ct) =>
        {
            await Task.Delay(20, ct);
            return GoodAnswer;
        });
        var pipeline = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 4 });
        var seen = new List<LabelledRow>();

        await foreach (var row in pipeline.RunAsync(Rows(1000).ToAsyncEnumerable(), drainToken: drain.Token))
        {
            seen.Add(row);
            if (seen.Count == 5)
                await drain.CancelAsync();
        }

        // At most the reorder window (8 × concurrency) and the requests in flight beyond the rows seen.
        Assert.InRange(seen.Count, 5, 5 + (8 * 4) + 4 + 1);
        Assert.All(seen, r => Assert.True(r.Succeeded));
        Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => (long)i), seen.Select(r => r.Index));
    }

    [Fact]
    public async Task Memory_is_bounded_by_the_window_not_the_dataset()
    {
        const int Window = 10, Concurrency = 4, Slack = 2;
        var started = 0;
        var read = 0;
        var taken = 0;
        var ahead = 0;
        var release = new TaskCompletionSource();
        var windowFull = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void CheckFull()
        {
            if (Volatile.Read(ref read) >= Window && Volatile.Read(ref started) == Concurrency)
                windowFull.TrySetResult();
        }

        var client = new UserMessageChatClient(async (_, ct) =>
        {
            Interlocked.Increment(ref started);
            CheckFull();
            await release.Task.WaitAsync(ct);
            return GoodAnswer;
        });

        // The source measures, on every read, how far reading runs ahead of the rows taken from the pipeline. No clock:
        // a pipeline that reads past its window records it the moment it reads.
        async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Endless()
        {
            for (var i = 0; ; i++)
            {
                var reads = Interlocked.Increment(ref read);
                ahead = Math.Max(ahead, reads - Volatile.Read(ref taken));
                CheckFull();
                yield return Row(i);
                await Task.Yield();
            }
        }

        var options = new PipelineOptions { Concurrency = Concurrency, ReorderWindow = Window };
        await using var enumerator = LabellingPipeline.For<HelpSteer>(client, options).RunAsync(Endless()).GetAsyncEnumerator();
        Interlocked.Increment(ref taken);
        var first = enumerator.MoveNextAsync().AsTask();
        // Every request is held: the pipeline fills its window (an observable state, however slow the machine)...
        await windowFull.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(Concurrency, Volatile.Read(ref started));
        Assert.False(first.IsCompleted);

        // ...and as 200 rows are taken one at a time, reading never runs more than the window ahead.
        release.SetResult();
        Assert.True(await first);
        while (Volatile.Read(ref taken) < 200)
        {
            Interlocked.Increment(ref taken);
            Assert.True(await enumerator.MoveNextAsync());
        }

        // The row being taken holds one place of the window: reading runs at most a window (plus slack) ahead.
        Assert.InRange(ahead, Window - 1, Window + Slack);
        Assert.InRange(Volatile.Read(ref read), 200, 200 + Window + Slack);
    }

    [Fact]
    public async Task Progress_counts_rows_failures_and_tokens()
    {
        var client = new UserMessageChatClient((user, _) => Task.FromResult(user.Contains("question 2<") ? "nope" : GoodAnswer));
        var reports = new List<PipelineProgress>();
        var progress = new SynchronousProgress<PipelineProgress>(reports.Add);

        await LabellingPipeline.For<HelpSteer>(client).RunAsync(Rows(5), progress);

        var last = reports[^1];
        Assert.Equal(5, reports.Count);
        Assert.Equal(5, last.Total);
        Assert.Equal(5, last.Completed);
        Assert.Equal(1, last.Failed);
        Assert.Equal(50, last.InputTokens);
        Assert.Equal(25, last.OutputTokens);
        Assert.True(last.RowsPerSecond > 0);
    }

    [Fact]
    public async Task Generators_answer_first_then_the_labeller_rates_each_generation()
    {
        var generator = new UserMessageChatClient((user, _) => Task.FromResult("generated for " + user), model: "gen-model");
        var labeller = new UserMessageChatClient((user, _) => Task.FromResult(user.Contains("generated for question 0") ? GoodAnswer : "garbage"));
        var pipeline = LabellingPipeline.For<HelpSteer>(labeller, generators: [new ResponseGenerator(generator, NumGenerations: 2)]);
        var input = new List<IReadOnlyDictionary<string, object?>> { new Dictionary<string, object?> { ["prompt"] = "question 0" } };

        var row = (await pipeline.RunAsync(input))[0];

        Assert.Equal(new[] { "generated for question 0", "generated for question 0" }, (IEnumerable<string?>)row.Values["generations"]!);
        Assert.Equal(new[] { "gen-model", "gen-model" }, (IEnumerable<string?>)row.Values["generation_models"]!);
        Assert.Equal(new long?[] { 3, 3 }, (IEnumerable<long?>)row.Values["correctness"]!);
        Assert.True(row.Succeeded);
        Assert.Equal(4, generator.Calls + labeller.Calls);
    }

    [Fact]
    public void Options_out_of_range_are_rejected_with_the_option_name()
    {
        var client = new UserMessageChatClient((_, _) => Task.FromResult(""));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 0 }));
        Assert.Equal("Concurrency", error.ParamName);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this)
                report(value);
        }
    }
}

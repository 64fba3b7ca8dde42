using System.ClientModel;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Pipeline;

/// <summary>Steps composed as streaming operators: generation with a pool, explode, labelling, column names, typed errors.</summary>
public class FlowTests
{
    private static IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Rows(int count)
        => Enumerable.Range(0, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"q{i}", ["id"] = (long)i }).ToAsyncEnumerable();

    private static UserMessageChatClient Generator(string model) => new((user, _) => Task.FromResult($"{model} answers {user}"), model);

    /// <summary>Scores a response by its generator: gen-a → 4, anything else → 2.</summary>
    private static UserMessageChatClient Judge() => new((user, _) => Task.FromResult(user.Contains("gen-a answers", StringComparison.Ordinal) ? "<score>4</score>" : "<score>2</score>"), "judge");

    private static async Task<List<LabelledRow>> CollectAsync(IAsyncEnumerable<LabelledRow> rows)
    {
        var list = new List<LabelledRow>();
        await foreach (var row in rows)
            list.Add(row);
        return list;
    }

    [Fact]
    public async Task Generate_with_a_pool_explode_and_label_compose_in_input_order()
    {
        var a = Generator("gen-a");
        var b = Generator("gen-b");
        var pool = new LlmPool(new PoolMember(a, Concurrency: 2), new PoolMember(b, Concurrency: 1));

        var rows = await CollectAsync(Rows(3)
            .Generate(pool, numGenerations: 3)
            .Explode(["generations", "generation_models"], new Dictionary<string, string> { ["generations"] = "response" })
            .Label<ResponseScore>(Judge()));

        // 3 generations per row, shared 2 + 1, each recording its model; one row per generation after the explode.
        Assert.Equal(9, rows.Count);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (long)i), rows.Select(r => r.Index));
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(i => Enumerable.Repeat((long)i, 3)), rows.Select(r => (long)r.Values["id"]!));
        Assert.Equal(["gen-a", "gen-a", "gen-b"], rows.Take(3).Select(r => (string)r.Values["generation_models"]!));
        Assert.Equal("gen-b answers q2", rows[8].Values["response"]);
        Assert.Equal([4, 4, 2], rows.Take(3).Select(r => (int)r.Values["score"]!));
        Assert.Equal(
            ["prompt", "id", "response", "generation_models", "raw_generation_responses", "generate_error", "score", "labelling_model", "raw_labelling_response", "labelling_error"],
            rows[0].Values.Keys);
        Assert.All(rows, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal((6, 3, 9), (a.Calls, b.Calls, 9));
    }

    [Fact]
    public async Task Lists_stay_in_one_row_until_exploded()
    {
        var rows = await CollectAsync(Rows(2).Generate(new LlmPool(new PoolMember(Generator("gen-a")), new PoolMember(Generator("gen-b"))), numGenerations: 3));

        Assert.Equal(2, rows.Count);
        Assert.Equal(["gen-a answers q0", "gen-a answers q0", "gen-b answers q0"], (IEnumerable<string?>)rows[0].Values["generations"]!);
        Assert.Equal(["gen-a", "gen-a", "gen-b"], (IEnumerable<string?>)rows[0].Values["generation_models"]!);
        Assert.Null(rows[0].Values["generate_error"]);
    }

    [Fact]
    public async Task Each_llm_step_writes_its_own_columns_and_a_final_labelling_step_keeps_distilabels()
    {
        var tone = new UserMessageChatClient((_, _) => Task.FromResult("<tone>calm</tone>"), "tone-judge");
        var input = Enumerable.Range(0, 2).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"q{i}", ["response"] = $"r{i}" }).ToAsyncEnumerable();

        var rows = await CollectAsync(input.Label<ResponseScore>(Judge()).Label<ResponseTone>(tone));

        Assert.Equal(
            ["prompt", "response", "score", "response_score_model", "response_score_raw", "response_score_error", "tone", "labelling_model", "raw_labelling_response", "labelling_error"],
            rows[0].Values.Keys);
        Assert.Equal("judge", rows[0].Values["response_score_model"]);
        Assert.Equal("tone-judge", rows[0].Values["labelling_model"]);
        Assert.Equal("calm", rows[1].Values["tone"]);
    }

    [Fact]
    public async Task A_failing_pool_member_and_a_stalled_one_fail_only_their_own_generations()
    {
        var ok = Generator("ok");
        var broken = new UserMessageChatClient((_, _) => throw new ClientResultException("Incorrect API key provided: sk-SECRET", PipelineResponseStub.Create(401)), "broken");
        var stalled = new UserMessageChatClient(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        }, "stalled");
        var pool = new LlmPool(
            new PoolMember(ok),
            new PoolMember(broken, Concurrency: 1),
            new PoolMember(stalled, Timeout: TimeSpan.FromMilliseconds(100)));

        var rows = await CollectAsync(Rows(6).Generate(pool, numGenerations: 3));

        Assert.Equal(6, rows.Count);
        foreach (var row in rows)
        {
            var generations = (IReadOnlyList<string?>)row.Values["generations"]!;
            Assert.Equal([$"ok answers q{row.Index}", null, null], generations);
            Assert.Equal(["ok", "broken", "stalled"], (IEnumerable<string?>)row.Values["generation_models"]!);
            var failure = row.Failure!;
            Assert.Equal([1, 2], failure.Parts.Select(p => p.Generation!.Value));
            Assert.Equal(LlmErrorCategory.Configuration, failure.Parts[0].Category);
            Assert.Equal(RowErrorKind.Request, failure.Parts[1].Kind);
            Assert.Equal("no answer within 100 ms", failure.Parts[1].Reason);
            Assert.Equal("generate", failure.Step);
            var text = (string)row.Values["generate_error"]!;
            Assert.Equal(failure.Text, text);
            Assert.StartsWith("generation 2: pool member 'broken': the server rejected the API key (401 Unauthorized)", text);
            Assert.Contains("generation 3: no answer within 100 ms", text);
            Assert.DoesNotContain("sk-SECRET", text);
        }

        // Once its key was rejected, the broken member is asked nothing more (one more request may have been waiting for its slot).
        Assert.InRange(broken.Calls, 1, 2);
        Assert.Equal(6, ok.Calls);
    }

    [Fact]
    public async Task Explode_gives_each_generation_its_own_row_and_error()
    {
        var flaky = new UserMessageChatClient((user, _) => user == "q1" ? throw new ClientResultException("boom", PipelineResponseStub.Create(400)) : Task.FromResult("fine " + user), "flaky");
        var pool = new LlmPool(new PoolMember(Generator("gen-a")), new PoolMember(flaky));

        var rows = await CollectAsync(Rows(2).Generate(pool, numGenerations: 2).Explode(["generations", "generation_models"]));

        Assert.Equal(4, rows.Count);
        Assert.Equal(["gen-a answers q0", "fine q0", "gen-a answers q1", null], rows.Select(r => (string?)r.Values["generations"]));
        Assert.Equal([true, true, true, false], rows.Select(r => r.Succeeded));
        Assert.Equal(1, rows[3].Failure!.Generation);
        Assert.Equal("the server rejected the request (400 Bad Request)", rows[3].Failure!.Reason);
    }

    [Fact]
    public async Task An_empty_list_stays_one_row_and_a_missing_instruction_is_a_typed_bad_input()
    {
        var input = new[] { new Dictionary<string, object?> { ["prompt"] = "" }, new Dictionary<string, object?> { ["prompt"] = "q1" } }
            .Select(r => (IReadOnlyDictionary<string, object?>)r).ToAsyncEnumerable();

        var rows = await CollectAsync(input.Generate(Generator("gen-a"), numGenerations: 2).Explode(["generations"]));

        Assert.Equal(3, rows.Count);
        Assert.Null(rows[0].Values["generations"]);
        Assert.Equal(RowErrorKind.BadInput, rows[0].Failure!.Kind);
        Assert.Equal("bad input", rows[0].Failure!.Reason);
        Assert.Equal("bad input: column 'prompt' (the instruction) is missing or empty", rows[0].Error);
    }

    [Fact]
    public void Pools_share_generations_n_over_k_with_the_remainder_first()
    {
        var pool = new LlmPool(new PoolMember(Generator("a")), new PoolMember(Generator("b")), new PoolMember(Generator("c")));
        Assert.Equal([2, 1, 1], pool.Share(4));
        Assert.Equal([1, 1, 0], pool.Share(2));
        Assert.Equal([3, 3, 3], pool.Share(9));
        Assert.Throws<ArgumentException>(() => new LlmPool(new PoolMember(Generator("a")), new PoolMember(Generator("a"))));
    }

    [Fact]
    public void The_run_key_covers_every_step_and_two_steps_may_not_share_a_name()
    {
        var explode = new Flow().Explode(["generations"], new Dictionary<string, string> { ["generations"] = "response" });
        var one = new Flow().Generate(Generator("gen-a"), 2).Then(explode).Label<ResponseScore>(Judge());
        var other = new Flow().Generate(Generator("gen-a"), 3).Then(explode).Label<ResponseScore>(Judge());
        Assert.NotEqual(one.RunKey, other.RunKey);
        Assert.Contains("generate.num_generations '2' → '3'", other.RunKey.DifferencesFrom(one.RunKey));
        Assert.Equal(["prompt"], one.RequiredColumns);
        Assert.Equal(["prompt", "response"], new Flow().Generate(Generator("gen-a"), 2).Label<ResponseScore>(Judge()).RequiredColumns);
        Assert.Throws<ArgumentException>(() => one.Label<ResponseScore>(Judge()));
    }
}

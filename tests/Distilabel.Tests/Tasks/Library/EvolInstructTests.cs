using System.Text.Json;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks.Library;
using Distilabel.Testing.OpenAI;
using Distilabel.Tests.Journal;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>EvolInstruct: its prompts, seeded methods, elimination rules, and its rounds through a journaled pipeline on loopback.</summary>
public class EvolInstructTests
{
    private const string Original = "Write a function that reverses a string.";

    private static EvolInstruct Sample(int rounds = 3, int seed = 42) => EvolInstruct.FromRow(new Dictionary<string, object?> { ["instruction"] = Original }) with { NumEvolutions = rounds, Seed = seed };

    /// <summary>The first instance (in a fixed order) whose next method is <paramref name="method"/>.</summary>
    private static EvolInstruct WithMethod(EvolutionMethod method)
        => Enumerable.Range(0, 200).Select(seed => Sample(seed: seed)).First(t => t.NextMethod == method);

    [Fact]
    public void Prompts_match_baselines_one_user_message_per_method()
    {
        foreach (var method in Enum.GetValues<EvolutionMethod>())
        {
            var chat = WithMethod(method).BuildPrompt();
            Assert.Equal([ChatRole.User], chat.Select(m => m.Role));
            var text = chat[0].Text;
            if (method == EvolutionMethod.Breadth)
                Assert.EndsWith("#Given Prompt#:\n" + Original + "\n#Created Prompt#:\n", text, StringComparison.Ordinal);
            else
                Assert.EndsWith("#The Given Prompt#:\n" + Original + "\n#Rewritten Prompt#:\n", text, StringComparison.Ordinal);
            PromptBaseline.Matches("evol-instruct." + method.ToString().ToLowerInvariant(), chat);
        }
    }

    [Fact]
    public void Methods_are_chosen_from_the_seed_the_same_on_every_run_and_all_five_are_used()
    {
        var methods = Enumerable.Range(0, 50).Select(seed => Sample(seed: seed).NextMethod).ToList();
        Assert.Equal(methods, Enumerable.Range(0, 50).Select(seed => Sample(seed: seed).NextMethod));
        Assert.Equal(Enum.GetValues<EvolutionMethod>().Order(), methods.Distinct().Order());
        // Rounds of one row also vary.
        var task = Sample(rounds: 8);
        var perRound = new List<EvolutionMethod>();
        for (var round = 0; round < 8; round++)
        {
            perRound.Add(task.NextMethod);
            task = task.ParseOutput($"Evolution {round}.");
        }

        Assert.True(perRound.Distinct().Count() > 1);
        Assert.Equal(perRound.Select(m => m.ToString().ToLowerInvariant()), task.EvolutionMethods);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n ", "empty")]
    [InlineData("#Rewritten Prompt#:\n", "empty")]
    [InlineData("I'm sorry, but I can't make this prompt more complex.", "refusal")]
    [InlineData("...?!", "no content (punctuation only)")]
    [InlineData("Rewrite the given prompt so that the function also handles Unicode.", "copies the template's marker 'given prompt'")]
    [InlineData("Here is the Rewritten Prompt with one more constraint: reverse it in place.", "copies the template's marker 'rewritten prompt'")]
    [InlineData("write a function that   reverses a string.", "no change")]
    public void A_failed_evolution_is_eliminated_with_its_reason(string answer, string reason)
    {
        var parsed = Sample().ParseOutput(answer);
        Assert.Equal([null], parsed.EvolvedInstructions);
        Assert.Equal([reason], parsed.EliminationReasons);
        Assert.Null(parsed.EvolvedInstruction);
        Assert.Equal(Original, parsed.Current);
    }

    [Theory]
    [InlineData("Write a function that reverses a string in place, without allocating a new one.", "Write a function that reverses a string in place, without allocating a new one.")]
    // A model that repeats the template: the text after the last marker is the evolution.
    [InlineData("#The Given Prompt#:\nWrite a function that reverses a string.\n#Rewritten Prompt#:\nWrite a function that reverses each word of a sentence.", "Write a function that reverses each word of a sentence.")]
    [InlineData("{\"evolved_instruction\": \"Reverse a UTF-8 string without breaking grapheme clusters.\"}", "Reverse a UTF-8 string without breaking grapheme clusters.")]
    public void A_good_evolution_is_kept(string answer, string expected)
    {
        var parsed = Sample().ParseOutput(answer);
        Assert.Equal(expected, parsed.EvolvedInstruction);
        Assert.Equal([null], parsed.EliminationReasons);
    }

    [Fact]
    public void A_long_answer_that_says_sorry_is_not_a_refusal()
    {
        var answer = "Write a program that prints 'Sorry, try again' " + string.Join(' ', Enumerable.Repeat("whenever the user's reversed string is not a palindrome", 12)) + ".";
        Assert.Equal(answer, Sample().ParseOutput(answer).EvolvedInstruction);
    }

    [Fact]
    public void The_next_round_starts_from_the_last_kept_instruction()
    {
        var task = Sample(rounds: 3);
        task = task.ParseOutput("Reverse a string without using built-in reverse functions.");
        Assert.True(task.NeedsAnotherRound);
        task = task.ParseOutput("Sorry, I cannot do that.");
        Assert.Contains("\nReverse a string without using built-in reverse functions.\n#", task.BuildPrompt()[0].Text, StringComparison.Ordinal);
        task = task.ParseOutput("Reverse a string without built-in functions, in O(1) extra space.");
        Assert.False(task.NeedsAnotherRound);
        Assert.Equal(["Reverse a string without using built-in reverse functions.", null, "Reverse a string without built-in functions, in O(1) extra space."], task.EvolvedInstructions);
        Assert.Equal([null, "refusal", null], task.EliminationReasons);
        Assert.Equal("Reverse a string without built-in functions, in O(1) extra space.", task.EvolvedInstruction);
    }

    [Fact]
    public void Parameters_are_checked_and_named()
    {
        var task = LlmTaskRegistry.Get("evol-instruct");
        Assert.Equal([("num_evolutions", "3"), ("seed", "42")], task.Descriptor.Parameters.Select(p => (p.Name, p.Value)));
        var set = task.WithParameters(new Dictionary<string, string> { ["num_evolutions"] = "2", ["seed"] = "7" });
        Assert.Equal(["2", "7"], set.Descriptor.Parameters.Select(p => p.Value));
        Assert.NotEqual(task.Descriptor.Fingerprint, set.Descriptor.Fingerprint);
        Assert.Contains("num_evolutions", Assert.Throws<TaskParameterException>(() => task.WithParameters(new Dictionary<string, string> { ["num_evolutions"] = "0" })).Message, StringComparison.Ordinal);
        Assert.Contains("methods", Assert.Throws<TaskParameterException>(() => task.WithParameters(new Dictionary<string, string> { ["methods"] = "breadth" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rounds_run_in_the_pipeline_and_a_resumed_run_asks_nothing_again()
    {
        // Each round's answer depends only on the instruction it was given: an original gets " [r1]"; the first time an
        // "[r1]" one comes, a refusal (round 2, eliminated), the second time " [r3]" (round 3 starts again from round 1's).
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await using var server = await ScriptedOpenAIServer.StartAsync(r =>
        {
            var prompt = r.LastUserMessage.TrimEnd('\n');
            var given = prompt[(prompt.IndexOf("Prompt#:\n", StringComparison.Ordinal) + 9)..].Split('\n')[0];
            if (!given.EndsWith("[r1]", StringComparison.Ordinal))
                return ScriptedResponse.Content(given + " [r1]");
            return ScriptedResponse.Content(seen.AddOrUpdate(given, 1, (_, n) => n + 1) == 1 ? "I'm sorry, I can't." : given + " [r3]");
        });
        using var client = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = "evolver" });
        var task = LlmTaskRegistry.Get("evol-instruct").WithParameters(new Dictionary<string, string> { ["num_evolutions"] = "3" });
        var flow = new Flow().Label(task, client, new PipelineOptions { Concurrency = 1 });
        IReadOnlyDictionary<string, object?>[] rows = [new Dictionary<string, object?> { ["instruction"] = "Sort a list." }, new Dictionary<string, object?> { ["instruction"] = "Add two numbers." }];
        using var folder = new TempFolder();

        List<LabelledRow> first;
        using (var journal = RunJournal.Open(folder.File("evol.journal.db"), flow.RunKey))
            first = await CollectAsync(flow.RunAsync(rows.ToAsyncEnumerable(), journal: journal));

        Assert.Equal(6, server.Requests.Count);
        var row = first[0];
        Assert.True(row.Succeeded, row.Error);
        Assert.Equal(["Sort a list. [r1]", null, "Sort a list. [r1] [r3]"], Assert.IsAssignableFrom<IReadOnlyList<string?>>(row.Values["evolved_instructions"]));
        Assert.Equal([null, "refusal", null], Assert.IsAssignableFrom<IReadOnlyList<string?>>(row.Values["elimination_reasons"]));
        Assert.Equal("Sort a list. [r1] [r3]", row.Values["evolved_instruction"]);
        Assert.Equal(3, Assert.IsAssignableFrom<IReadOnlyList<string>>(row.Values["evolution_methods"]).Count);
        var raw = JsonSerializer.Deserialize<string?[]>(Assert.IsType<string>(row.Values["raw_labelling_response"]));
        Assert.Equal(new string?[] { "Sort a list. [r1]", "I'm sorry, I can't.", "Sort a list. [r1] [r3]" }, raw!.AsEnumerable());

        using (var journal = RunJournal.Open(folder.File("evol.journal.db"), flow.RunKey))
        {
            var resumed = await CollectAsync(flow.RunAsync(rows.ToAsyncEnumerable(), journal: journal));
            Assert.Equal(2, journal.ReusedBy("evol-instruct"));
            Assert.Equal(first.Select(r => JsonSerializer.Serialize(r.Values)), resumed.Select(r => JsonSerializer.Serialize(r.Values)));
        }

        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task A_row_whose_every_round_is_eliminated_fails_and_keeps_its_reasons()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("Sorry, I can't help with that."));
        using var client = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = "evolver" });
        var pipeline = new LabellingPipeline(LlmTaskRegistry.Get("evol-instruct").WithParameters(new Dictionary<string, string> { ["num_evolutions"] = "2" }), client);

        var row = Assert.Single(await pipeline.RunAsync([new Dictionary<string, object?> { ["instruction"] = "Sort a list." }]));

        Assert.False(row.Succeeded);
        Assert.Contains("evolved_instruction", row.Error, StringComparison.Ordinal);
        Assert.Equal("Sort a list.", row.Values["instruction"]);
        Assert.Equal(["refusal", "refusal"], Assert.IsAssignableFrom<IReadOnlyList<string?>>(row.Values["elimination_reasons"]));
    }

    private static async Task<List<LabelledRow>> CollectAsync(IAsyncEnumerable<LabelledRow> rows)
    {
        var list = new List<LabelledRow>();
        await foreach (var row in rows)
            list.Add(row);
        return list;
    }
}

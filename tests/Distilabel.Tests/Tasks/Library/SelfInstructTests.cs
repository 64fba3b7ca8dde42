using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks.Library;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>SelfInstruct: its prompt and parameters, its parser on realistic answers, and exploding its list into rows.</summary>
public class SelfInstructTests
{
    private static SelfInstruct Sample() => SelfInstruct.FromRow(new Dictionary<string, object?>
    {
        ["input"] = "The water cycle: evaporation, condensation, precipitation and collection.",
    });

    [Fact]
    public void Prompt_matches_baseline_and_shows_the_parameters()
    {
        var chat = Sample().BuildPrompt();
        Assert.Contains("write 5 different queries", chat[0].Text, StringComparison.Ordinal);
        Assert.Contains("application: AI assistant.", chat[0].Text, StringComparison.Ordinal);
        PromptBaseline.Matches("self-instruct", chat);

        var task = LlmTaskRegistry.Get("self-instruct").WithParameters(new Dictionary<string, string>
        {
            ["num_instructions"] = "3",
            ["application_description"] = "a cooking assistant",
        });
        Assert.Contains("write 3 different queries", task.Descriptor.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("application: a cooking assistant.", task.Descriptor.SystemPrompt, StringComparison.Ordinal);
        Assert.Equal(["num_instructions", "application_description", "criteria_for_query_generation"], task.Descriptor.Parameters.Select(p => p.Name));
        Assert.Equal("5", LlmTaskRegistry.Get("self-instruct").Descriptor.Parameters[0].Value);
    }

    [Fact]
    public void A_bad_parameter_names_itself()
    {
        var error = Assert.Throws<TaskParameterException>(() => LlmTaskRegistry.Get("self-instruct").WithParameters(new Dictionary<string, string> { ["num_instructions"] = "five" }));
        Assert.Contains("num_instructions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // The asked format, with a preamble.
    [InlineData("Here are five queries:\n<instructions>\n<item index=\"1\">Explain why puddles dry up on sunny days.</item>\n<item index=\"2\">What makes clouds form?</item>\n<item index=\"3\">Describe how rain returns water to the sea.</item>\n</instructions>", 3)]
    // Blank items are dropped, an unclosed item is dropped, the others kept.
    [InlineData("<instructions>\n<item index=\"1\">List the four stages of the water cycle.</item>\n<item index=\"2\"> </item>\n<item index=\"3\">Why does dew form at night?</item>\n<item index=\"4\">Compare evap\n</instructions>", 2)]
    // Structured outputs.
    [InlineData("{\"instructions\": [\"Summarise the water cycle.\", \"What is condensation?\"]}", 2)]
    public void Reads_every_written_instruction(string answer, int count)
    {
        var parsed = Sample().ParseOutput(answer).Instructions;
        Assert.Equal(count, parsed.Count);
        Assert.All(parsed, i => Assert.False(string.IsNullOrWhiteSpace(i)));
        Assert.DoesNotContain(parsed, i => i.StartsWith(' ') || i.Contains('<', StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_without_the_list_gives_none_and_never_throws()
    {
        Assert.Empty(Sample().ParseOutput("1. What is rain?\n2. Why is the sky blue?").Instructions);
        Assert.Empty(Sample().ParseOutput("").Instructions);
        // An answer cut before its closing tag has no list (the generated parser reads closed blocks only).
        Assert.Empty(Sample().ParseOutput("<instructions>\n<item index=\"1\">What is rain?</item>\n<item index=\"2\">Why").Instructions);
    }

    [Fact]
    public async Task Exploded_on_request_one_row_per_instruction()
    {
        // A scripted OpenAI-compatible server on loopback: the tiny model writes each item to its length limit and never
        // closes a free-length list within a test's token budget, so the answers are realistic scripted ones.
        await using var server = await ScriptedOpenAIServer.StartAsync(r => ScriptedResponse.Content(r.LastUserMessage.Contains("moon", StringComparison.Ordinal)
            ? "<instructions>\n<item index=\"1\">Why does the moon change shape?</item>\n</instructions>"
            : "Sure.\n<instructions>\n<item index=\"1\">Compare cats and dogs as pets.</item>\n<item index=\"2\">What do dogs eat?</item>\n<item index=\"3\">Name three cat breeds.</item>\n</instructions>"));
        using var client = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = "writer" });
        var flow = new Flow()
            .Label(LlmTaskRegistry.Get("self-instruct").WithParameters(new Dictionary<string, string> { ["num_instructions"] = "3" }), client)
            .Explode(["instructions"], new Dictionary<string, string> { ["instructions"] = "instruction" });
        IReadOnlyDictionary<string, object?>[] rows = [new Dictionary<string, object?> { ["input"] = "Cats and dogs.", ["id"] = 1 }, new Dictionary<string, object?> { ["input"] = "The moon.", ["id"] = 2 }];

        var labelled = new List<LabelledRow>();
        await foreach (var row in flow.RunAsync(rows.ToAsyncEnumerable()))
            labelled.Add(row);

        Assert.All(labelled, row => Assert.True(row.Succeeded, row.Error));
        Assert.Equal(["Compare cats and dogs as pets.", "What do dogs eat?", "Name three cat breeds.", "Why does the moon change shape?"], labelled.Select(r => r.Values["instruction"]));
        Assert.Equal([1, 1, 1, 2], labelled.Select(r => r.Values["id"]));
        Assert.Contains("write 3 different queries", server.Requests[0].Body, StringComparison.Ordinal);
    }
}

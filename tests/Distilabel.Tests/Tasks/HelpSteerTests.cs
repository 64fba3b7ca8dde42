using Distilabel.Argilla;
using Distilabel.Tasks;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks;

/// <summary>The built-in HelpSteer task, as the walkthrough describes it.</summary>
public class HelpSteerTests
{
    private static readonly string[] Attributes = ["correctness", "coherence", "complexity", "verbosity", "helpfulness"];

    private static HelpSteer Sample() => HelpSteer.FromRow(new Dictionary<string, object?>
    {
        ["prompt"] = "Explain photosynthesis in one sentence.",
        ["response"] = "Plants turn light, water and CO2 into sugar and oxygen.",
    });

    [Fact]
    public void Descriptor_names_the_task_and_its_columns()
    {
        var d = HelpSteer.Descriptor;
        Assert.Equal("helpsteer", d.Name);
        Assert.Equal("Distilabel.Tasks.HelpSteer", d.TypeName);
        Assert.Equal("https://huggingface.co/datasets/nvidia/HelpSteer", d.Guidelines);
        Assert.Equal(["prompt", "response"], d.Inputs.Select(i => i.Name));
        Assert.All(d.Inputs, i => Assert.True(i.IsRequired));
        Assert.Equal(Attributes, d.Outputs.Select(o => o.Name));
        Assert.All(d.Outputs, o => Assert.Equal((LlmOutputKind.Rating, (int?)0, (int?)4), (o.Kind, o.Min, o.Max)));
        Assert.All(d.Outputs, o => Assert.False(string.IsNullOrWhiteSpace(o.Description)));
    }

    [Fact]
    public void System_prompt_explains_the_five_attributes_the_scale_and_the_tags()
    {
        var prompt = HelpSteer.Descriptor.SystemPrompt;
        Assert.Contains("five attributes", prompt, StringComparison.Ordinal);
        Assert.Contains("0 to 4", prompt, StringComparison.Ordinal);
        Assert.Contains("<prompt>…</prompt>", prompt, StringComparison.Ordinal);
        Assert.Contains("<response>…</response>", prompt, StringComparison.Ordinal);
        foreach (var attribute in Attributes)
        {
            Assert.Contains($"- {attribute}: ", prompt, StringComparison.Ordinal);
            Assert.Contains($"<{attribute}>X</{attribute}>", prompt, StringComparison.Ordinal);
            Assert.Contains($"- {attribute}: an integer from 0 to 4.", prompt, StringComparison.Ordinal);
        }

        // The answer tags are listed in declaration order.
        var positions = Attributes.Select(a => prompt.IndexOf($"<{a}>X", StringComparison.Ordinal)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void BuildPrompt_sends_the_system_prompt_and_the_tagged_inputs()
    {
        var chat = Sample().BuildPrompt();
        Assert.Equal([ChatRole.System, ChatRole.User], chat.Select(m => m.Role));
        Assert.Equal(HelpSteer.Descriptor.SystemPrompt, chat[0].Text);
        Assert.Equal(
            "<prompt>Explain photosynthesis in one sentence.</prompt>\n<response>Plants turn light, water and CO2 into sugar and oxygen.</response>",
            chat[1].Text);
    }

    [Fact]
    public void ParseOutput_reads_a_typical_answer()
    {
        var answer = """
            Here is my evaluation:
            <correctness>4</correctness>
            <coherence>4</coherence>
            <complexity>1</complexity>
            <verbosity>0</verbosity>
            <helpfulness>3</helpfulness>
            """;
        var rated = Sample().ParseOutput(answer);
        Assert.Equal((4, 4, 1, 0, 3), (rated.Correctness, rated.Coherence, rated.Complexity, rated.Verbosity, rated.Helpfulness));
        Assert.Equal(
            [new ArgillaSuggestion("correctness", 5), new ArgillaSuggestion("coherence", 5), new ArgillaSuggestion("complexity", 2), new ArgillaSuggestion("verbosity", 1), new ArgillaSuggestion("helpfulness", 4)],
            rated.ToArgillaRecord().Suggestions);
    }

    [Fact]
    public void Argilla_settings_shift_zero_to_four_to_one_to_five()
    {
        var s = HelpSteer.ArgillaSettings;
        Assert.Equal("https://huggingface.co/datasets/nvidia/HelpSteer", s.Guidelines);
        Assert.Equal(["prompt", "response"], s.Fields.Select(f => f.Name));
        Assert.Equal(Attributes, s.Questions.Select(q => q.Name));
        Assert.All(s.Questions, q =>
        {
            var rating = Assert.IsType<ArgillaRatingQuestion>(q);
            Assert.Equal([1, 2, 3, 4, 5], rating.Values);
            Assert.Equal(1, rating.Offset);
        });
    }

    [Fact]
    public void It_is_registered_by_name()
    {
        var definition = LlmTaskRegistry.Get("helpsteer");
        Assert.Equal(typeof(HelpSteer), definition.TaskType);
        Assert.Equal(HelpSteer.OutputGrammar, definition.OutputGrammar);
        Assert.Equal(HelpSteer.OutputJsonSchema, definition.OutputJsonSchema);
    }
}

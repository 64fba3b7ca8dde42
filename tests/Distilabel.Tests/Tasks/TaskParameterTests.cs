namespace Distilabel.Tests.Tasks;

/// <summary>Task parameters: set in code or by name, shown in the prompt, part of the fingerprint, bad names and values rejected.</summary>
public class TaskParameterTests
{
    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void The_descriptor_lists_parameters_with_their_defaults()
    {
        Assert.Equal(
            [("aspect", LlmParameterType.String, "helpfulness"), ("strictness", LlmParameterType.Int32, "2")],
            ItemJudge.Descriptor.Parameters.Select(p => (p.Name, p.Type, p.Value)));
        Assert.Equal("What the ratings judge.", ItemJudge.Descriptor.Parameters[0].Description);
        var tone = InstructionWriter.Descriptor.Parameters.Single(p => p.Name == "tone");
        Assert.Equal((LlmParameterType.Enum, "Formal"), (tone.Type, tone.Value));
        Assert.Equal(["Formal", "Casual"], tone.AllowedValues);
        Assert.Empty(Distilabel.Tasks.HelpSteer.Descriptor.Parameters);
    }

    [Fact]
    public void A_parameter_set_in_code_changes_the_prompt()
    {
        var judge = new ItemJudge { Instruction = "i", Generations = ["g"], Aspect = "honesty" };
        Assert.StartsWith("Rate each generation for honesty. Penalise made-up facts.", judge.BuildPrompt()[0].Text, StringComparison.Ordinal);
        Assert.Equal("honesty", judge.GetParameters()["aspect"]);

        var definition = LlmTaskDefinition.Of(new ItemJudge { Instruction = "", Generations = [], Aspect = "honesty" });
        Assert.StartsWith("Rate each generation for honesty.", definition.Descriptor.SystemPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public void WithParameters_sets_parameters_by_name_for_every_row()
    {
        var definition = LlmTaskDefinition.Of<ItemJudge>().WithParameters(Values(("aspect", "honesty"), ("strictness", "5")));
        Assert.StartsWith("Rate each generation for honesty. Penalise made-up facts.", definition.Descriptor.SystemPrompt, StringComparison.Ordinal);
        Assert.Equal(["honesty", "5"], definition.Descriptor.Parameters.Select(p => p.Value));

        var task = (ItemJudge)definition.FromRow(new Dictionary<string, object?> { ["instruction"] = "i", ["generations"] = new[] { "g" } });
        Assert.Equal(("honesty", 5), (task.Aspect, task.Strictness));
        Assert.StartsWith("Rate each generation for honesty.", definition.BuildPrompt(task)[0].Text, StringComparison.Ordinal);

        // Later calls add to (and override) earlier ones; the default definition is unchanged.
        var again = definition.WithParameters(Values(("aspect", "truthfulness")));
        Assert.Equal(["truthfulness", "5"], again.Descriptor.Parameters.Select(p => p.Value));
        Assert.Equal("helpfulness", LlmTaskDefinition.Of<ItemJudge>().Descriptor.Parameters[0].Value);

        var writer = LlmTaskDefinition.Of<InstructionWriter>().WithParameters(Values(("tone", "casual"), ("creativity", "0.75"), ("numbered", "false"), ("count", "-1")));
        var instance = (InstructionWriter)writer.FromRow(new Dictionary<string, object?> { ["topic"] = "t" });
        Assert.Equal((WritingTone.Casual, 0.75, false, -1), (instance.Tone, instance.Creativity, instance.Numbered, instance.Count));
        Assert.StartsWith("Write -1 instructions about the topic in a Casual tone.", writer.Descriptor.SystemPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_are_part_of_the_fingerprint()
    {
        var fingerprints = new[]
        {
            LlmTaskDefinition.Of<ItemJudge>().Descriptor.Fingerprint,
            LlmTaskDefinition.Of<ItemJudge>().WithParameters(Values(("aspect", "honesty"))).Descriptor.Fingerprint,
            LlmTaskDefinition.Of<ItemJudge>().WithParameters(Values(("strictness", "3"))).Descriptor.Fingerprint,
        };
        Assert.Equal(3, fingerprints.Distinct().Count());
        Assert.Equal(fingerprints[0], LlmTaskDefinition.Of<ItemJudge>().WithParameters(Values(("aspect", "helpfulness"))).Descriptor.Fingerprint);
    }

    [Fact]
    public void An_unknown_parameter_is_named_with_the_valid_ones()
    {
        var e = Assert.Throws<TaskParameterException>(() => LlmTaskDefinition.Of<ItemJudge>().WithParameters(Values(("aspekt", "x"))));
        Assert.Equal("task 'item_judge', parameter 'aspekt': no such parameter; valid parameters: aspect (string), strictness (int)", e.Message);
        Assert.Equal(("item_judge", "aspekt"), (e.Task, e.Parameter));
        Assert.Equal(["aspect (string)", "strictness (int)"], e.ValidParameters);

        var none = Assert.Throws<TaskParameterException>(() => LlmTaskDefinition.Of<Distilabel.Tasks.HelpSteer>().WithParameters(Values(("aspect", "x"))));
        Assert.Contains("the task has no parameters", none.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strictness", "high", "'high' is not an integer")]
    [InlineData("strictness", "2.5", "'2.5' is not an integer")]
    public void A_bad_value_is_named(string name, string value, string message)
    {
        var e = Assert.Throws<TaskParameterException>(() => LlmTaskDefinition.Of<ItemJudge>().WithParameters(Values((name, value))));
        Assert.Equal($"task 'item_judge', parameter '{name}': {message}", e.Message);
    }

    [Theory]
    [InlineData("tone", "loud", "'loud' is not one of Formal, Casual")]
    [InlineData("tone", "1", "'1' is not one of Formal, Casual")]
    [InlineData("creativity", "NaN", "'NaN' is not a number")]
    [InlineData("numbered", "yes", "'yes' is not true or false")]
    public void A_bad_value_of_each_type_is_named(string name, string value, string message)
    {
        var e = Assert.Throws<TaskParameterException>(() => LlmTaskDefinition.Of<InstructionWriter>().WithParameters(Values((name, value))));
        Assert.Equal($"task 'instruction_writer', parameter '{name}': {message}", e.Message);
        Assert.Contains("tone (one of: Formal, Casual)", e.ValidParameters);
    }
}

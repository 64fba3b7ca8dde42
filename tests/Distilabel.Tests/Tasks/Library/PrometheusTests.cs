using Distilabel.Tasks.Library;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>Prometheus 2: no system message, its section markers, and a reader of <c>Feedback: … [RESULT] x</c>.</summary>
public class PrometheusTests
{
    private static readonly Prometheus Absolute = new() { Instruction = "Capital of France?", Generation = "Paris." };
    private static readonly Prometheus Relative = new() { Instruction = "Capital of France?", Generations = ["Paris.", "Lyon."], Mode = "relative" };

    [Fact]
    public void Sends_no_system_message()
    {
        foreach (var task in new[] { Absolute, Relative })
        {
            var message = Assert.Single(task.BuildPrompt());
            Assert.Equal(ChatRole.User, message.Role);
        }

        Assert.Contains("###Response to evaluate:\nParis.", Absolute.BuildPrompt()[0].Text, StringComparison.Ordinal);
        Assert.Contains("###Response B:\nLyon.", Relative.BuildPrompt()[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Feedback: The response is correct and concise. [RESULT] 4", "The response is correct and concise.", 4)]
    [InlineData("The response names the right city. [RESULT] 5.", "The response names the right city.", 5)]
    [InlineData("**Feedback:** Right: Paris. [RESULT] (3)", "Right: Paris.", 3)]
    [InlineData("Feedback: It says [RESULT] is unclear. [RESULT] 2", "It says [RESULT] is unclear.", 2)]
    [InlineData("Feedback: Fine. [RESULT] 6", "Fine.", null)]
    [InlineData("Feedback: Fine. [RESULT] excellent", "Fine.", null)]
    public void Absolute_reads_feedback_and_a_score(string answer, string feedback, int? score)
    {
        var parsed = Absolute.ParseOutput(answer);
        Assert.Equal(feedback, parsed.Feedback);
        Assert.Equal(score, parsed.Score);
        Assert.Null(parsed.Choice);
    }

    [Theory]
    [InlineData("Feedback: A is right, B is wrong. [RESULT] A", "A")]
    [InlineData("Feedback: B is better. [RESULT] Response B", "B")]
    [InlineData("Feedback: x [RESULT] b", "B")]
    [InlineData("Feedback: x [RESULT] C", null)]
    [InlineData("Feedback: x, no verdict", null)]
    public void Relative_reads_a_or_b(string answer, string? choice)
    {
        var parsed = Relative.ParseOutput(answer);
        Assert.Equal(choice, parsed.Choice);
        Assert.Null(parsed.Score);
    }

    [Fact]
    public void The_result_column_is_a_rating_in_absolute_mode_and_a_letter_in_relative_mode()
    {
        var definition = LlmTaskRegistry.Get("prometheus");
        var absolute = definition.Descriptor.Outputs.Single(o => o.Name == "result");
        Assert.Equal(LlmOutputKind.Rating, absolute.Kind);
        var relative = definition.WithParameters(new Dictionary<string, string> { ["mode"] = "relative" });
        Assert.Equal(LlmOutputKind.Text, relative.Descriptor.Outputs.Single(o => o.Name == "result").Kind);
        var row = relative.ToRow(relative.ParseOutput(relative.FromRow(new Dictionary<string, object?> { ["instruction"] = "q", ["generations"] = new[] { "a", "b" } }), "Feedback: x [RESULT] B"));
        Assert.Equal("B", row["result"]);
    }

    [Fact]
    public void Bad_rows_and_rubrics_are_one_line_errors_naming_the_column_or_parameter()
    {
        var error = Assert.Throws<TaskInputException>(() => new Prometheus { Instruction = "q" }.BuildPrompt());
        Assert.Equal("generation", error.Column);
        var relative = Assert.Throws<TaskInputException>(() => (Relative with { Generations = ["a", "b", "c"] }).BuildPrompt());
        Assert.Contains("exactly two", relative.Message, StringComparison.Ordinal);

        var definition = LlmTaskRegistry.Get("prometheus");
        var rubric = Assert.Throws<TaskParameterException>(() => definition.WithParameters(new Dictionary<string, string> { ["rubric"] = "be nice" }));
        Assert.Equal("rubric", rubric.Parameter);
        Assert.Throws<TaskParameterException>(() => definition.WithParameters(new Dictionary<string, string> { ["mode"] = "pairwise" }));

        var custom = "[Is the answer short?]\nScore 1: Very long.\nScore 2: Long.\nScore 3: Average.\nScore 4: Short.\nScore 5: One word.";
        var withCustom = definition.WithParameters(new Dictionary<string, string> { ["rubric"] = custom });
        Assert.Contains("[Is the answer short?]", withCustom.BuildPrompt(withCustom.FromRow(new Dictionary<string, object?> { ["instruction"] = "q", ["generation"] = "a" }))[0].Text, StringComparison.Ordinal);
    }
}

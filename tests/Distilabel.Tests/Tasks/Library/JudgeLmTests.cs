using Distilabel.Tasks.Library;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>JudgeLM's reader: a first line of N scores, then one explanation; the original's ValueErrors become nulls.</summary>
public class JudgeLmTests
{
    private static JudgeLm Task(int count) => new()
    {
        Instruction = "Why is the sky blue?",
        Generations = Enumerable.Range(1, count).Select(i => $"Answer {i}").ToArray(),
    };

    [Fact]
    public void Reads_the_scores_line_and_the_explanation()
    {
        var parsed = Task(2).ParseOutput("8 3\nAssistant 1 explains Rayleigh scattering correctly.\nAssistant 2 claims the sky reflects the ocean: wrong.");
        Assert.Equal([8, 3], parsed.Ratings);
        Assert.Equal("Assistant 1 explains Rayleigh scattering correctly.\nAssistant 2 claims the sky reflects the ocean: wrong.", parsed.Rationale);
    }

    [Theory]
    [InlineData("7  9 \nok", new[] { 7, 9 })]
    [InlineData("8.5 6\nok", new[] { 9, 6 })]
    [InlineData("9/10, 4/10\nok", new[] { 9, 4 })]
    [InlineData("Scores:\n10 2\nok", new[] { 10, 2 })]
    public void Spacing_decimals_out_of_ten_and_a_preamble_line_do_not_lose_the_row(string answer, int[] expected)
        => Assert.Equal(expected.Select(e => (int?)e), Task(2).ParseOutput(answer).Ratings);

    [Fact]
    public void Missing_extra_and_out_of_range_scores_are_per_item()
    {
        Assert.Equal([7, null, null], Task(3).ParseOutput("7\nonly one").Ratings);
        Assert.Equal([null, 5], Task(2).ParseOutput("11 5 3\nx").Ratings);
    }

    [Fact]
    public void No_scores_line_falls_back_to_tags_then_gives_nulls()
    {
        Assert.Equal([4, 6], Task(2).ParseOutput("<ratings><item index=\"1\">4</item><item index=\"2\">6</item></ratings><rationale>r</rationale>").Ratings);
        var parsed = Task(2).ParseOutput("Both answers are fine.");
        Assert.Equal([null, null], parsed.Ratings);
        Assert.Null(parsed.Rationale);
    }

    [Fact]
    public void The_prompt_uses_judgelm_markers_and_the_grammar_n_scores()
    {
        var task = Task(2);
        var user = task.BuildPrompt().Last().Text;
        Assert.Contains("[The Start of Assistant 2's Answer>\nAnswer 2\n[The End of Assistant 2's Answer>", user, StringComparison.Ordinal);
        Assert.StartsWith("root ::= score \" \" score \"\\n\"", task.BuildOutputGrammar(), StringComparison.Ordinal);
    }
}

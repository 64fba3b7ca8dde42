using Distilabel.Tasks.Library;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>UltraFeedback's reader on answers in UltraCM's format, with the failure modes of the original parser.</summary>
public class UltraFeedbackTests
{
    private static UltraFeedback Task(int count, string aspect = "overall-rating") => new()
    {
        Instruction = "Name a prime number greater than 10.",
        Generations = Enumerable.Range(1, count).Select(i => $"Answer {i}").ToArray(),
        Aspect = aspect,
    };

    [Fact]
    public void Reads_a_rating_and_a_rationale_per_text()
    {
        var parsed = Task(3).ParseOutput("""
            #### Output for Text 1
            Rating: 5
            Rationale: 11 is prime and greater than 10.

            #### Output for Text 2
            Rating: 2
            Rationale: 15 is not prime: it is 3 times 5.

            #### Output for Text 3
            Rating: 4 (Very Good)
            Rationale: Correct, but it lists more than asked.
            """);
        Assert.Equal([5, 2, 4], parsed.Ratings);
        Assert.Equal(["11 is prime and greater than 10.", "15 is not prime: it is 3 times 5.", "Correct, but it lists more than asked."], parsed.Rationales);
        Assert.Null(parsed.Types);
    }

    [Fact]
    public void A_preamble_or_a_missing_block_does_not_shift_the_list()
    {
        var parsed = Task(3).ParseOutput("""
            Here is my evaluation of the three texts.

            #### Output for Text 1
            Rating: 4
            Rationale: Good.

            #### Output for Text 3
            Rating: 1
            Rationale: Wrong.
            """);
        Assert.Equal([4, null, 1], parsed.Ratings);
        Assert.Equal(["Good.", null, "Wrong."], parsed.Rationales);
    }

    [Fact]
    public void Blocks_are_placed_by_their_number_and_extra_ones_are_ignored()
    {
        var parsed = Task(2).ParseOutput("#### Output for Text 2\nRating: 3\nRationale: b\n\n#### Output for Text 1\nRating: 5\nRationale: a\n\n#### Output for Text 7\nRating: 1\nRationale: c");
        Assert.Equal([5, 3], parsed.Ratings);
        Assert.Equal(["a", "b"], parsed.Rationales);
    }

    [Fact]
    public void A_rating_without_a_digit_is_null_for_that_text_only()
    {
        var parsed = Task(3).ParseOutput("#### Output for Text 1\nRating: high\nRationale: x\n\n#### Output for Text 2\nRating: 4/5\nRationale: y\n\n#### Output for Text 3\nRating: N/A\nRationale: z");
        Assert.Equal([null, 4, null], parsed.Ratings);
        Assert.Equal(["x", "y", "z"], parsed.Rationales);
    }

    [Fact]
    public void A_rationale_keeps_its_colons_and_its_lines_and_a_rating_out_of_range_is_null()
    {
        var parsed = Task(1).ParseOutput("### Output for Text 1\n**Rating:** 7\n**Rationale:** Note: the claim holds.\nIt also explains why: 13 has no divisors.");
        Assert.Equal([null], parsed.Ratings);
        Assert.Equal(["Note: the claim holds.\nIt also explains why: 13 has no divisors."], parsed.Rationales);
    }

    [Fact]
    public void Helpfulness_reads_types_and_both_rationales()
    {
        var parsed = Task(2, "helpfulness").ParseOutput("""
            #### Output for Text 1
            Type: 1, 2
            Rationale: Clear, and it gives the needed fact.
            Rating: 4
            Rationale: Correct and informative.

            #### Output for Text 2
            Type: None
            Rationale: Off topic.
            Rating: 1
            Rationale: It names 9, which is not prime.
            """);
        Assert.Equal([4, 1], parsed.Ratings);
        Assert.Equal([1, null], parsed.Types);
        Assert.Equal(["Clear, and it gives the needed fact.", "Off topic."], parsed.Rationales);
        Assert.Equal(["Correct and informative.", "It names 9, which is not prime."], parsed.RationalesForRatings);
    }

    [Fact]
    public void Only_helpfulness_and_truthfulness_have_types_and_rationales_for_ratings()
    {
        var definition = LlmTaskRegistry.Get("ultrafeedback");
        Assert.Equal(["ratings", "rationales"], definition.Descriptor.Outputs.Select(o => o.Name));
        foreach (var aspect in new[] { "helpfulness", "truthfulness" })
        {
            var complex = definition.WithParameters(new Dictionary<string, string> { ["aspect"] = aspect });
            Assert.Equal(["ratings", "rationales", "types", "rationales_for_ratings"], complex.Descriptor.Outputs.Select(o => o.Name));
        }

        var honesty = definition.WithParameters(new Dictionary<string, string> { ["aspect"] = "HONESTY" });
        Assert.Equal(["ratings", "rationales"], honesty.Descriptor.Outputs.Select(o => o.Name));
        var error = Assert.Throws<TaskParameterException>(() => definition.WithParameters(new Dictionary<string, string> { ["aspect"] = "style" }));
        Assert.Contains("overall-rating, helpfulness, honesty, instruction-following, truthfulness", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraphs_without_headers_are_read_in_order()
    {
        var parsed = Task(2).ParseOutput("Rating: 3\nRationale: fine\n\nRating: 5\nRationale: best");
        Assert.Equal([3, 5], parsed.Ratings);
    }

    [Fact]
    public void Tags_and_json_are_the_fallbacks_and_garbage_gives_nulls_without_throwing()
    {
        Assert.Equal([2, 5], Task(2).ParseOutput("<ratings><item index=\"1\">2</item><item index=\"2\">5</item></ratings>").Ratings);
        Assert.Equal([4, 3], Task(2).ParseOutput("{\"ratings\": [4, 3], \"rationales\": [\"a\", \"b\"]}").Ratings);
        foreach (var garbage in new[] { "", "I cannot rate these.", "#### Output for Text", "#### Output for Text 99999999999\nRating: 3", "Rating:" })
        {
            var parsed = Task(2).ParseOutput(garbage);
            Assert.Equal(2, parsed.Ratings.Count);
            Assert.Equal(2, parsed.Rationales.Count);
        }
    }

    [Fact]
    public void The_grammar_asks_for_one_block_per_text()
    {
        var grammar = Task(3, "truthfulness").BuildOutputGrammar();
        Assert.Contains("\"\\n\\n#### Output for Text 3\\n\"", grammar, StringComparison.Ordinal);
        Assert.Contains("\"Type: \" types", grammar, StringComparison.Ordinal);
        Assert.DoesNotContain("Type", Task(3).BuildOutputGrammar(), StringComparison.Ordinal);
    }
}

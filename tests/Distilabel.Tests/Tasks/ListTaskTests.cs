using Distilabel.Argilla;

namespace Distilabel.Tests.Tasks;

/// <summary>List inputs, per-item outputs and list outputs of generated tasks: prompt, parsing, rows, Argilla, grammar.</summary>
public class ListTaskTests
{
    private static readonly ItemJudge Three = new() { Instruction = "Name a fruit.", Generations = ["Apple.", "A car.", "Banana <b>ripe</b>."] };

    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] cells) => cells.ToDictionary(c => c.Key, c => c.Value);

    [Fact]
    public void A_list_input_is_shown_as_numbered_items()
    {
        var prompt = Three.BuildPrompt();
        Assert.Equal(
            "<instruction>Name a fruit.</instruction>\n<generations>\n<item index=\"1\">Apple.</item>\n<item index=\"2\">A car.</item>\n<item index=\"3\">Banana <b>ripe</b>.</item>\n</generations>",
            prompt[1].Text);
        Assert.StartsWith("Rate each generation for helpfulness. Reward useful answers.\n\nYou will receive:\n<instruction>…</instruction>\n<generations>\n<item index=\"1\">…</item>", prompt[0].Text, StringComparison.Ordinal);
        Assert.Contains("- ratings: one item for each item of generations, with the same index, each an integer from 1 to 5", prompt[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_formed_answer_gives_one_value_per_item()
    {
        var parsed = Three.ParseOutput("""
            <ratings>
            <item index="1">5</item>
            <item index="2">1</item>
            <item index="3">4</item>
            </ratings>
            <rationales>
            <item index="1">A fruit.</item>
            <item index="2">Not a fruit.</item>
            <item index="3">Ripe fruit.</item>
            </rationales>
            """);
        Assert.Equal([5, 1, 4], parsed.Ratings);
        Assert.Equal(["A fruit.", "Not a fruit.", "Ripe fruit."], parsed.Rationales);
    }

    [Theory]
    // A preamble and prose around the blocks, whitespace and case variants.
    [InlineData("Sure! Here you go:\n< RATINGS >\n< Item Index = '2' >3</ITEM>\n<item index=1> 5 </item></ratings> Hope it helps.", new int[] { 5, 3, -1 })]
    // A missing block: every value null, still one per item.
    [InlineData("<rationales><item index=\"1\">x</item></rationales>", new int[] { -1, -1, -1 })]
    // Extra items (index 4, 0) are ignored; an out-of-range rating has no value.
    [InlineData("<ratings><item index=\"1\">2</item><item index=\"4\">5</item><item index=\"0\">5</item><item index=\"3\">9</item></ratings>", new int[] { 2, -1, -1 })]
    // An index given twice has no value.
    [InlineData("<ratings><item index=\"1\">2</item><item index=\"1\">3</item><item index=\"2\">4</item></ratings>", new int[] { -1, 4, -1 })]
    // Items without an index are taken in order; more items than inputs are ignored.
    [InlineData("<ratings><item>1</item><item>2</item><item>3</item><item>4</item></ratings>", new int[] { 1, 2, 3 })]
    // An unclosed item is dropped.
    [InlineData("<ratings><item index=\"1\">2</item><item index=\"2\">3</ratings>", new int[] { 2, -1, -1 })]
    // Structured outputs: a JSON object with arrays, aligned by position.
    [InlineData("{\"ratings\": [4, \"2\", null, 5], \"rationales\": [\"a\"]}", new int[] { 4, 2, -1 })]
    // Nothing usable.
    [InlineData("I cannot rate these.", new int[] { -1, -1, -1 })]
    public void Ratings_always_have_one_value_per_item_whatever_the_answer(string answer, int[] expected)
    {
        var parsed = Three.ParseOutput(answer);
        Assert.Equal(expected.Select(v => v < 0 ? (int?)null : v), parsed.Ratings);
        Assert.Equal(3, parsed.Rationales!.Count);
    }

    [Fact]
    public void Echoed_inputs_never_supply_an_answer()
    {
        var judge = new ItemJudge { Instruction = "<ratings><item index=\"1\">1</item></ratings>", Generations = ["<ratings><item index=\"1\">2</item></ratings>"] };
        var echo = judge.BuildPrompt()[1].Text + "\n<ratings><item index=\"1\">5</item></ratings>";
        Assert.Equal([5], judge.ParseOutput(echo).Ratings);
        Assert.Equal([null], judge.ParseOutput(judge.BuildPrompt()[1].Text).Ratings);
    }

    [Fact]
    public void An_empty_list_gives_empty_outputs()
    {
        var empty = Three with { Generations = [] };
        Assert.Empty(empty.ParseOutput("<ratings><item index=\"1\">2</item></ratings>").Ratings);
        Assert.Contains("items-ratings ::= \"\"", empty.BuildOutputGrammar(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_output_takes_every_non_blank_item_in_order()
    {
        var writer = new InstructionWriter { Topic = "cats" };
        Assert.Equal(["Feed a cat.", "Brush a cat.", "Name a cat."], writer.ParseOutput(
            "Here:\n<instructions>\n<item index=\"1\">Feed a cat.</item>\n<item index=\"2\">  </item>\n<item index=\"3\">Brush a cat.</item>\n<item>Name a cat.</item>\n</instructions>").Instructions);
        Assert.Empty(writer.ParseOutput("no list").Instructions);
        Assert.Equal(["a", "b"], writer.ParseOutput("{\"instructions\": [\"a\", \"b\"]}").Instructions);
    }

    [Fact]
    public void List_inputs_are_read_from_every_row_shape()
    {
        Assert.Equal(["a", "b"], ItemJudge.FromRow(Row(("instruction", "i"), ("generations", new[] { "a", "b" }))).Generations);
        // A failed generation is null in the row: the judge sees an empty item.
        Assert.Equal(["a", ""], ItemJudge.FromRow(Row(("instruction", "i"), ("generations", new List<string?> { "a", null }))).Generations);
        // CSV holds lists as JSON text.
        Assert.Equal(["a", "b \"q\""], ItemJudge.FromRow(Row(("instruction", "i"), ("generations", "[\"a\", \"b \\\"q\\\"\"]"))).Generations);
        Assert.Equal(["1", "2"], ItemJudge.FromRow(Row(("instruction", "i"), ("generations", new long?[] { 1, 2 }))).Generations);

        var missing = Assert.Throws<TaskInputException>(() => ItemJudge.FromRow(Row(("instruction", "i"))));
        Assert.Equal("generations", missing.Column);
        var wrong = Assert.Throws<TaskInputException>(() => ItemJudge.FromRow(Row(("instruction", "i"), ("generations", 42L))));
        Assert.Contains("expected a list of strings", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_round_trip_through_a_row()
    {
        var parsed = Three.ParseOutput("<ratings><item index=\"1\">5</item><item index=\"3\">2</item></ratings>");
        var row = parsed.ToRow();
        Assert.Equal(new int?[] { 5, null, 2 }, (IReadOnlyList<int?>)row["ratings"]!);
        var normalised = row.ToDictionary(p => p.Key, p => p.Value is IReadOnlyList<int?> list ? list.Select(v => (long?)v).ToArray() : p.Value);
        var back = ItemJudge.FromRow(normalised);
        Assert.Equal(parsed.Ratings, back.Ratings);
        var bad = Assert.Throws<TaskInputException>(() => ItemJudge.FromRow(Row(("instruction", "i"), ("generations", new[] { "a" }), ("ratings", new long?[] { 7 }))));
        Assert.Contains("item 1: 7 is outside the rating range 1..5", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Argilla_shows_the_numbered_items_and_a_question_per_item_position()
    {
        var settings = ItemJudge.ArgillaSettings;
        Assert.Equal(["instruction", "generations"], settings.Fields.Select(f => f.Name));
        Assert.Equal(["ratings_1", "ratings_2", "ratings_3", "ratings_4", "rationales_1", "rationales_2", "rationales_3", "rationales_4"], settings.Questions.Select(q => q.Name));
        Assert.All(settings.Questions, q => Assert.False(q.Required));

        var record = Three.ParseOutput("<ratings><item index=\"1\">5</item><item index=\"3\">2</item></ratings><rationales><item index=\"2\">meh</item></rationales>").ToArgillaRecord();
        Assert.Equal("[1] Apple.\n\n[2] A car.\n\n[3] Banana <b>ripe</b>.", record.Fields["generations"]);
        Assert.Equal([new ArgillaSuggestion("ratings_1", 5), new ArgillaSuggestion("ratings_3", 2), new ArgillaSuggestion("rationales_2", "meh")], record.Suggestions);

        var writer = new InstructionWriter { Topic = "t" }.ParseOutput("<instructions><item index=\"1\">a</item><item index=\"2\">b</item></instructions>");
        Assert.Equal([new ArgillaSuggestion("instructions", "[1] a\n\n[2] b")], writer.ToArgillaRecord().Suggestions);
        Assert.IsType<ArgillaTextQuestion>(Assert.Single(InstructionWriter.ArgillaSettings.Questions));
    }

    [Fact]
    public void The_instance_grammar_has_exactly_one_item_per_list_item()
    {
        Assert.Contains("items-ratings ::= (\"<item index=\\\"\" [1-9] [0-9]{0,3}", ItemJudge.OutputGrammar, StringComparison.Ordinal);
        var grammar = Three.BuildOutputGrammar();
        Assert.Contains("items-ratings ::= \"<item index=\\\"1\\\">\" value-ratings \"</item>\\n\" \"<item index=\\\"2\\\">\" value-ratings \"</item>\\n\" \"<item index=\\\"3\\\">\" value-ratings \"</item>\\n\"\n", grammar, StringComparison.Ordinal);
        Assert.Contains("items-rationales ::= \"<item index=\\\"1\\\">\" value-rationales", grammar, StringComparison.Ordinal);
        Assert.DoesNotContain("[1-9]", grammar, StringComparison.Ordinal);
        // A task without per-item outputs has one grammar.
        Assert.Equal(InstructionWriter.OutputGrammar, new InstructionWriter { Topic = "t" }.BuildOutputGrammar());
    }

    [Fact]
    public void The_descriptor_describes_list_shapes()
    {
        var d = ItemJudge.Descriptor;
        Assert.True(d.Inputs.Single(i => i.Name == "generations").IsList);
        Assert.False(d.Inputs.Single(i => i.Name == "instruction").IsList);
        Assert.All(d.Outputs, o => Assert.Equal((LlmOutputShape.PerItem, "generations"), (o.Shape, o.ItemsOf)));
        Assert.Equal(LlmOutputShape.List, Assert.Single(InstructionWriter.Descriptor.Outputs).Shape);
    }
}

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Distilabel.Argilla;
using Distilabel.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace Distilabel.Generators.Tests;

/// <summary>Compiles every sample task with the generated code as a strict user build would, emits it, loads it once.</summary>
public sealed class CompiledTasksFixture
{
    public CompiledTasksFixture()
    {
        Outcome = GeneratorHarness.Run(TaskSources.All.Values.ToArray());
        Assembly = GeneratorHarness.EmitAndLoad(Outcome.Output);
    }

    internal GeneratorOutcome Outcome { get; }

    public Assembly Assembly { get; }

    internal LoadedTask Task(string fullName) => LoadedTask.From(Assembly, fullName);
}

/// <summary>The generated code compiles warning-free under nullable + warnings-as-errors, and does what it says when run.</summary>
public class CompileAndRunTests(CompiledTasksFixture fixture) : IClassFixture<CompiledTasksFixture>
{
    private LoadedTask ResponseRating => fixture.Task("Samples.ResponseRating");
    private LoadedTask Judge => fixture.Task("Samples.Positional.Judge");
    private LoadedTask Grammar => fixture.Task("Samples.Nested.Judges+English+Grammar");
    private LoadedTask GlobalSentiment => fixture.Task("GlobalSentiment");
    private LoadedTask CustomNames => fixture.Task("Samples.CustomNames");
    private LoadedTask SummaryReview => fixture.Task("Samples.SummaryReview");
    private LoadedTask StarReview => fixture.Task("Samples.StarReview");
    private LoadedTask TypedInputs => fixture.Task("Samples.TypedInputs");

    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] cells) => cells.ToDictionary(c => c.Key, c => c.Value);

    // ---- compilation -------------------------------------------------------------------------------

    [Fact]
    public void All_tasks_together_compile_with_zero_diagnostics()
    {
        Assert.Empty(fixture.Outcome.GeneratorDiagnostics);
        Assert.Equal(TaskSources.All.Count, fixture.Outcome.Sources.Length);
        Assert.Empty(fixture.Outcome.CompilerDiagnostics);
    }

    [Theory]
    [MemberData(nameof(BaselineTests.Names), MemberType = typeof(BaselineTests))]
    public void Each_task_compiles_with_zero_diagnostics_under_warnings_as_errors(string name)
    {
        var outcome = GeneratorHarness.Run(TaskSources.All[name]);
        Assert.Equal(ReportDiagnostic.Error, outcome.Output.Options.GeneralDiagnosticOption);
        Assert.Equal(NullableContextOptions.Enable, outcome.Output.Options.NullableContextOptions);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilerDiagnostics);
    }

    [Fact]
    public void Without_the_generator_the_declarations_do_not_implement_the_contract()
    {
        // Proves the compile test above is meaningful: the user code alone lacks the generated members.
        var compilation = GeneratorHarness.CreateCompilation(TaskSources.ResponseRating + "\nclass Use { object D => Samples.ResponseRating.Descriptor; }");
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0117");
    }

    [Fact]
    public void Every_task_implements_ILlmTask_of_itself()
    {
        foreach (var type in fixture.Assembly.GetTypes().Where(t => t.GetCustomAttribute<LlmTaskAttribute>() is not null))
        {
            Assert.Contains(typeof(ILlmTask<>).MakeGenericType(type), type.GetInterfaces());
            var definition = new LoadedTask(type).Definition;
            Assert.Equal(type, definition.TaskType);
        }
    }

    // ---- HelpSteer-like property record --------------------------------------------------------------

    private const string ResponseRatingSystemPrompt =
        "Rate the response to the prompt.\n\n"
        + "You will receive:\n<prompt>…</prompt>\n<response>…</response>\n\n"
        + "Answer with exactly these tags, in this order, and nothing else:\n<correctness>X</correctness>\n<helpfulness>X</helpfulness>\n\n"
        + "where:\n- correctness: an integer from 0 to 4. Factually accurate, no errors.\n- helpfulness: an integer from 0 to 4";

    [Fact]
    public void Descriptor_describes_the_task()
    {
        var d = ResponseRating.Descriptor;
        Assert.Equal("response_rating", d.Name);
        Assert.Equal("Samples.ResponseRating", d.TypeName);
        Assert.Equal(ResponseRatingSystemPrompt, d.SystemPrompt);
        Assert.Equal("https://example.com/guidelines", d.Guidelines);
        Assert.Equal("Two HelpSteer-like ratings.", d.Description);
        Assert.Equal(
            [new LlmTaskInput("prompt", "Prompt", "Prompt", LlmValueType.String, true), new LlmTaskInput("response", "Response", "Response", LlmValueType.String, true)],
            d.Inputs);
        Assert.Equal(
            [new LlmTaskOutput("correctness", "Correctness", LlmOutputKind.Rating, 0, 4, "Factually accurate, no errors."), new LlmTaskOutput("helpfulness", "Helpfulness", LlmOutputKind.Rating, 0, 4, null)],
            d.Outputs);
        Assert.Matches("^[0-9a-f]{16}$", d.Fingerprint);
    }

    [Fact]
    public void FromRow_BuildPrompt_ParseOutput_ToRow_ToArgillaRecord()
    {
        var t = ResponseRating;
        var task = t.FromRow(Row(("prompt", "What is 2+2?"), ("response", "4"), ("unrelated", 1)));
        Assert.Equal("What is 2+2?", t.Get(task, "Prompt"));
        Assert.Equal("4", t.Get(task, "Response"));
        Assert.Null(t.Get(task, "Correctness"));

        var chat = t.BuildPrompt(task);
        Assert.Equal(2, chat.Count);
        Assert.Equal(ChatRole.System, chat[0].Role);
        Assert.Equal(ResponseRatingSystemPrompt, chat[0].Text);
        Assert.Equal(ChatRole.User, chat[1].Role);
        Assert.Equal("<prompt>What is 2+2?</prompt>\n<response>4</response>", chat[1].Text);

        var parsed = t.ParseOutput(task, "<correctness>3</correctness>\n<helpfulness>4</helpfulness>");
        Assert.Equal(3, t.Get(parsed, "Correctness"));
        Assert.Equal(4, t.Get(parsed, "Helpfulness"));
        Assert.Null(t.Get(task, "Correctness")); // a copy: the original is untouched
        Assert.Equal("What is 2+2?", t.Get(parsed, "Prompt"));

        var row = t.ToRow(parsed);
        Assert.Equal(["prompt", "response", "correctness", "helpfulness"], row.Keys);
        Assert.Equal(["What is 2+2?", "4", 3, 4], row.Values);
        Assert.Equal(parsed, t.FromRow(row)); // round trip (record equality)

        var record = t.ToArgillaRecord(parsed);
        Assert.Equal(new Dictionary<string, string> { ["prompt"] = "What is 2+2?", ["response"] = "4" }, record.Fields);
        Assert.Equal([new ArgillaSuggestion("correctness", 4), new ArgillaSuggestion("helpfulness", 5)], record.Suggestions);
    }

    [Fact]
    public void Argilla_settings_shift_zero_based_ratings()
    {
        var s = ResponseRating.ArgillaSettings;
        Assert.Equal("https://example.com/guidelines", s.Guidelines);
        Assert.Equal([new ArgillaField("prompt", "Prompt"), new ArgillaField("response", "Response")], s.Fields);
        var correctness = Assert.IsType<ArgillaRatingQuestion>(s.Questions[0]);
        Assert.Equal(("correctness", "Correctness", "Factually accurate, no errors.", true, 1), (correctness.Name, correctness.Title, correctness.Description, correctness.Required, correctness.Offset));
        Assert.Equal([1, 2, 3, 4, 5], correctness.Values);
        Assert.Equal(4, correctness.ToTaskValue(5));
        var helpfulness = Assert.IsType<ArgillaRatingQuestion>(s.Questions[1]);
        Assert.Equal([1, 2, 3, 4, 5], helpfulness.Values);
        Assert.Equal(2, s.Questions.Count);
    }

    [Fact]
    public void Grammar_and_json_schema_are_exact()
    {
        Assert.Equal(
            "root ::= \"<correctness>\" value-correctness \"</correctness>\\n\" \"<helpfulness>\" value-helpfulness \"</helpfulness>\"\n"
            + "value-correctness ::= [0-4]\n"
            + "value-helpfulness ::= [0-4]\n",
            ResponseRating.OutputGrammar);
        Assert.Equal(
            "{\"title\":\"response_rating\",\"type\":\"object\",\"properties\":{"
            + "\"correctness\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":4,\"description\":\"Factually accurate, no errors.\"},"
            + "\"helpfulness\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":4}},"
            + "\"required\":[\"correctness\",\"helpfulness\"],\"additionalProperties\":false}",
            ResponseRating.OutputJsonSchema);
    }

    [Fact]
    public void Every_json_schema_parses_and_requires_every_output()
    {
        foreach (var type in fixture.Assembly.GetTypes().Where(t => t.GetCustomAttribute<LlmTaskAttribute>() is not null))
        {
            var task = new LoadedTask(type);
            using var schema = JsonDocument.Parse(task.OutputJsonSchema);
            var required = schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToArray();
            // An output that exists only for some parameter values (When) is not required.
            Assert.Equal(task.Descriptor.Outputs.Where(o => o.When is null).Select(o => o.Name), required);
            Assert.Equal(task.Descriptor.Name, schema.RootElement.GetProperty("title").GetString());
            Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
            var properties = schema.RootElement.GetProperty("properties");
            foreach (var output in task.Descriptor.Outputs)
            {
                var property = properties.GetProperty(output.Name);
                if (output.Shape != LlmOutputShape.Single)
                {
                    Assert.Equal("array", property.GetProperty("type").GetString());
                    property = property.GetProperty("items");
                }

                Assert.Equal(output.Kind == LlmOutputKind.Rating ? "integer" : "string", property.GetProperty("type").GetString());
                if (output.Kind == LlmOutputKind.Rating)
                {
                    Assert.Equal(output.Min, property.GetProperty("minimum").GetInt32());
                    Assert.Equal(output.Max, property.GetProperty("maximum").GetInt32());
                }
            }
        }
    }

    [Fact]
    public void Every_grammar_defines_each_rule_once_and_admits_the_prompted_format()
    {
        // A task with its own answer grammar ([AnswerGrammar]) has its trained format's grammar instead (tested below).
        foreach (var type in fixture.Assembly.GetTypes().Where(t => t.GetCustomAttribute<LlmTaskAttribute>() is not null && !HasAnswerGrammar(t)))
        {
            var task = new LoadedTask(type);
            var rules = task.OutputGrammar.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(" ::=", StringComparison.Ordinal)]).ToList();
            Assert.Equal(rules.Distinct().Count(), rules.Count);
            Assert.Equal("root", rules[0]);
            // root, a value rule per output, and an items rule per list output.
            Assert.Equal(task.Descriptor.Outputs.Count + 1 + task.Descriptor.Outputs.Count(o => o.Shape != LlmOutputShape.Single), rules.Count);
            foreach (var output in task.Descriptor.Outputs)
                Assert.Contains(output.Shape == LlmOutputShape.Single ? $"\"<{output.Name}>\"" : $"\"<{output.Name}>\\n\"", task.OutputGrammar, StringComparison.Ordinal);
        }
    }

    private static bool HasAnswerGrammar(Type type)
        => type.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Any(m => m.GetCustomAttribute<AnswerGrammarAttribute>() is not null);

    // ---- user templates, trained answer formats, conditional outputs ----------------------------------

    private LoadedTask TrainedJudge => fixture.Task("Samples.TrainedJudge");
    private LoadedTask TemplatedJudge => fixture.Task("Samples.TemplatedJudge");

    [Fact]
    public void A_user_template_with_no_system_prompt_sends_one_user_message()
    {
        var t = TrainedJudge;
        var task = t.FromRow(Row(("question", "2+2?"), ("answers", new[] { "4", "five" })));
        var message = Assert.Single(t.BuildPrompt(task));
        Assert.Equal(ChatRole.User, message.Role);
        Assert.Equal("Aspect: overall\n<text 1> 4\n<text 2> five\nQuestion: 2+2?\nAnswer with 'Scores: a b' then 'Why: ...'.", message.Text);
        // The descriptor shows the user message of a blank task (and the fingerprint covers it).
        Assert.Equal("Aspect: overall\n\nQuestion: \nAnswer with 'Scores: a b' then 'Why: ...'.", t.Descriptor.UserPrompt);
        var honesty = t.Definition.WithParameters(new Dictionary<string, string> { ["aspect"] = "honesty" }).Descriptor;
        Assert.StartsWith("Aspect: honesty\n", honesty.UserPrompt, StringComparison.Ordinal);
        Assert.NotEqual(t.Descriptor.Fingerprint, honesty.Fingerprint);
        Assert.True(t.Descriptor.GrammarPerInstance);
    }

    [Fact]
    public void A_user_template_shows_the_tagged_answer_format_and_keeps_the_system_prompt_as_written()
    {
        var t = TemplatedJudge;
        var prompt = t.BuildPrompt(t.FromRow(Row(("essay", "Cats are mammals."))));
        Assert.Equal([ChatRole.System, ChatRole.User], prompt.Select(m => m.Role));
        Assert.Equal("You grade essays.", prompt[0].Text);
        Assert.StartsWith("Essay:\nCats are mammals.\n\nAnswer with exactly these tags, in this order, and nothing else:\n<grade>X</grade>", prompt[1].Text, StringComparison.Ordinal);
        Assert.Equal(4, ((dynamic)t.ParseOutput(t.FromRow(Row(("essay", "x"))), "<grade>4</grade>")).Grade);
    }

    [Fact]
    public void A_trained_answer_is_read_first_and_tags_or_json_are_the_fallbacks()
    {
        var t = TrainedJudge;
        var task = t.FromRow(Row(("question", "2+2?"), ("answers", new[] { "4", "five", "IV" })));
        var trained = t.ParseOutput(task, "Scores: 9 x 11\nWhy: the first is right");
        Assert.Equal(new int?[] { 9, null, null }, t.Get(trained, "Scores"));
        Assert.Equal("the first is right", t.Get(trained, "Why"));

        var tagged = t.ParseOutput(task, "<scores><item index=\"2\">3</item></scores><why>tags</why>");
        Assert.Equal(new int?[] { null, 3, null }, t.Get(tagged, "Scores"));
        Assert.Equal("tags", t.Get(tagged, "Why"));

        var json = t.ParseOutput(task, "{\"scores\": [1, 2, 3], \"why\": \"json\"}");
        Assert.Equal(new int?[] { 1, 2, 3 }, t.Get(json, "Scores"));
    }

    [Fact]
    public void The_trained_grammar_is_per_instance_and_the_type_grammar_is_the_blank_task_s()
    {
        var t = TrainedJudge;
        var task = t.FromRow(Row(("question", "q"), ("answers", new[] { "a", "b" })));
        Assert.Equal("root ::= \"Scores:\" (\" \" [1-9]){2} \"\\nWhy: \" [a-z ]+", t.Definition.BuildOutputGrammar(task));
        Assert.Equal("root ::= \"Scores:\" (\" \" [1-9]){0} \"\\nWhy: \" [a-z ]+", t.OutputGrammar);
    }

    [Fact]
    public void An_output_with_When_exists_only_when_its_property_holds()
    {
        var t = TrainedJudge;
        var row = Row(("question", "q"), ("answers", new[] { "a", "b" }));
        Assert.Equal(["scores", "why"], t.Definition.Descriptor.Outputs.Select(o => o.Name));
        var overall = t.ParseOutput(t.FromRow(row), "Scores: 1 2\nWhy: ok");
        Assert.Null(t.Get(overall, "Kinds"));
        Assert.False(t.ToRow(overall).ContainsKey("kinds"));

        var helpfulness = t.Definition.WithParameters(new Dictionary<string, string> { ["aspect"] = "helpfulness" });
        Assert.Equal(["scores", "why", "kinds"], helpfulness.Descriptor.Outputs.Select(o => o.Name));
        Assert.Equal("HasKinds", helpfulness.Descriptor.Outputs[2].When);
        var rated = helpfulness.ParseOutput(helpfulness.FromRow(row), "Scores: 1 2\nWhy: ok");
        Assert.Equal(new int?[] { 2, 2 }, helpfulness.ToRow(rated)["kinds"]);
    }

    // ---- positional record -----------------------------------------------------------------------------

    [Fact]
    public void Positional_record_reads_parameters_and_custom_column()
    {
        var t = Judge;
        Assert.Equal("judge", t.Descriptor.Name);
        Assert.Equal(["question", "answer_text"], t.Descriptor.Inputs.Select(i => i.Name));
        var task = t.FromRow(Row(("question", "Capital of France?"), ("answer_text", "Paris"), ("score", 7)));
        Assert.Equal("Capital of France?", t.Get(task, "Question"));
        Assert.Equal("Paris", t.Get(task, "Answer"));
        Assert.Equal(7, t.Get(task, "Score"));
        Assert.Equal("<question>Capital of France?</question>\n<answer_text>Paris</answer_text>", t.BuildPrompt(task)[1].Text);

        var unlabelled = t.FromRow(Row(("question", "q"), ("answer_text", "a")));
        Assert.Null(t.Get(unlabelled, "Score"));
        Assert.Equal(10, t.Get(t.ParseOutput(unlabelled, "<score>10</score>"), "Score"));
        Assert.Null(t.Get(t.ParseOutput(unlabelled, "<score>0</score>"), "Score"));
        Assert.Null(t.Get(t.ParseOutput(unlabelled, "<score>11</score>"), "Score"));

        var error = Assert.Throws<TaskInputException>(() => t.FromRow(Row(("question", "q"), ("answer", "a"))));
        Assert.Equal("answer_text", error.Column);
        Assert.Equal("judge", error.Task);
    }

    [Fact]
    public void One_to_ten_ratings_are_not_shifted()
    {
        var t = Judge;
        var question = Assert.IsType<ArgillaRatingQuestion>(Assert.Single(t.ArgillaSettings.Questions));
        Assert.Equal(Enumerable.Range(1, 10), question.Values);
        Assert.Equal(0, question.Offset);
        var task = t.ParseOutput(t.FromRow(Row(("question", "q"), ("answer_text", "a"))), "<score>10</score>");
        Assert.Equal([new ArgillaSuggestion("score", 10)], t.ToArgillaRecord(task).Suggestions);
        Assert.Equal(new Dictionary<string, string> { ["question"] = "q", ["answer_text"] = "a" }, t.ToArgillaRecord(task).Fields);
    }

    // ---- nested and global ------------------------------------------------------------------------

    [Fact]
    public void Nested_task_works()
    {
        var t = Grammar;
        Assert.Equal("grammar", t.Descriptor.Name);
        Assert.Equal("Samples.Nested.Judges.English.Grammar", t.Descriptor.TypeName);
        Assert.StartsWith("Is the sentence grammatical?\n\n", t.Descriptor.SystemPrompt, StringComparison.Ordinal);
        var task = t.ParseOutput(t.FromRow(Row(("sentence", "Me goes home."))), "No.\n<grammatical>1</grammatical>");
        Assert.Equal(1, t.Get(task, "Grammatical"));
        Assert.Equal([1, 2], Assert.IsType<ArgillaRatingQuestion>(Assert.Single(t.ArgillaSettings.Questions)).Values);
    }

    [Fact]
    public void Global_namespace_task_works_and_uses_its_description_as_guidelines()
    {
        var t = GlobalSentiment;
        Assert.Equal("global_sentiment", t.Descriptor.Name);
        Assert.Equal("GlobalSentiment", t.Descriptor.TypeName);
        Assert.Equal("Sentiment of a text, 1 (negative) to 5 (positive).", t.ArgillaSettings.Guidelines);
        Assert.StartsWith("You are a careful, impartial evaluator.", t.Descriptor.SystemPrompt, StringComparison.Ordinal);
        var task = t.ParseOutput(t.FromRow(Row(("text", "I love it"))), "<sentiment>5</sentiment>");
        Assert.Equal(5, t.Get(task, "Sentiment"));
        Assert.Equal([new ArgillaSuggestion("sentiment", 5)], t.ToArgillaRecord(task).Suggestions);
    }

    // ---- custom names, text outputs ---------------------------------------------------------------

    [Fact]
    public void Custom_task_and_column_names_are_used_everywhere()
    {
        var t = CustomNames;
        var d = t.Descriptor;
        Assert.Equal("custom-task.v2", d.Name);
        Assert.Equal([("user_query", "User query"), ("model-answer", "Answer")], d.Inputs.Select(i => (i.Name, i.Title)));
        Assert.Equal([("overall-score", LlmOutputKind.Rating), ("why", LlmOutputKind.Text)], d.Outputs.Select(o => (o.Name, o.Kind)));
        Assert.StartsWith("Score the answer.\nBe strict.\n\nYou will receive:\n<user_query>…</user_query>\n<model-answer>…</model-answer>\n", d.SystemPrompt, StringComparison.Ordinal);
        Assert.EndsWith("- overall-score: an integer from 1 to 10. 10 is perfect.\n- why: free text without '<'", d.SystemPrompt, StringComparison.Ordinal);

        var task = t.FromRow(Row(("user_query", "q"), ("model-answer", "a")));
        Assert.Equal("<user_query>q</user_query>\n<model-answer>a</model-answer>", t.BuildPrompt(task)[1].Text);
        var parsed = t.ParseOutput(task, "<overall-score>8</overall-score>\n<why>Because it is right.</why>");
        Assert.Equal(8, t.Get(parsed, "Overall"));
        Assert.Equal("Because it is right.", t.Get(parsed, "Reason"));
        Assert.Equal(["user_query", "model-answer", "overall-score", "why"], t.ToRow(parsed).Keys);
        Assert.Equal([new ArgillaSuggestion("overall-score", 8), new ArgillaSuggestion("why", "Because it is right.")], t.ToArgillaRecord(parsed).Suggestions);

        Assert.Equal([new ArgillaField("user_query", "User query"), new ArgillaField("model-answer", "Answer")], t.ArgillaSettings.Fields);
        Assert.Equal(new ArgillaTextQuestion("why", "Reason", null, false), t.ArgillaSettings.Questions[1]);
        Assert.Contains("value-overall-score ::= (\"10\" | \"9\"", t.OutputGrammar, StringComparison.Ordinal);
        Assert.Contains("value-why ::= [^<]+\n", t.OutputGrammar, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_output_is_trimmed_and_may_hold_a_lone_angle_bracket()
    {
        var t = SummaryReview;
        var task = t.FromRow(Row(("document", "d"), ("summary", "s")));
        var parsed = t.ParseOutput(task, "<faithfulness>4</faithfulness>\n<rationale>\n  It says a < b, which the document says too.\n</rationale>");
        Assert.Equal(4, t.Get(parsed, "Faithfulness"));
        Assert.Equal("It says a < b, which the document says too.", t.Get(parsed, "Rationale"));
        Assert.Equal(
            [new ArgillaSuggestion("faithfulness", 5), new ArgillaSuggestion("rationale", "It says a < b, which the document says too.")],
            t.ToArgillaRecord(parsed).Suggestions);
        Assert.Equal(new ArgillaTextQuestion("rationale", "Rationale", "One sentence explaining the rating.", false), t.ArgillaSettings.Questions[1]);
        Assert.Contains("- rationale: free text without '<'. One sentence explaining the rating.", t.Descriptor.SystemPrompt, StringComparison.Ordinal);

        var missing = t.ParseOutput(task, "<faithfulness>4</faithfulness>");
        Assert.Null(t.Get(missing, "Rationale"));
        Assert.Equal([new ArgillaSuggestion("faithfulness", 5)], t.ToArgillaRecord(missing).Suggestions);
        Assert.Equal(parsed, t.FromRow(t.ToRow(parsed)));
    }

    [Fact]
    public void Non_nullable_outputs_default_to_zero_and_empty_and_are_never_suggested_out_of_range()
    {
        var t = StarReview;
        var task = t.FromRow(Row(("review", "Great product")));
        Assert.Equal(0, t.Get(task, "Stars"));
        Assert.Equal("", t.Get(task, "Summary"));

        var good = t.ParseOutput(task, "<stars>3</stars><summary>Praise.</summary>");
        Assert.Equal(3, t.Get(good, "Stars"));
        Assert.Equal("Praise.", t.Get(good, "Summary"));
        Assert.Equal([new ArgillaSuggestion("stars", 3), new ArgillaSuggestion("summary", "Praise.")], t.ToArgillaRecord(good).Suggestions);

        var garbage = t.ParseOutput(task, "I cannot rate this.");
        Assert.Equal(0, t.Get(garbage, "Stars"));
        Assert.Equal("", t.Get(garbage, "Summary"));
        // 0 is not a 1..3 rating: Argilla must not receive it as a suggestion.
        Assert.Empty(t.ToArgillaRecord(garbage).Suggestions);
    }

    // ---- typed inputs ------------------------------------------------------------------------------

    [Fact]
    public void Typed_inputs_are_read_converted_and_formatted_invariantly()
    {
        var t = TypedInputs;
        Assert.Equal(
            [("text", LlmValueType.String, true), ("note", LlmValueType.String, false), ("count", LlmValueType.Int32, true),
             ("id", LlmValueType.Int64, false), ("temperature", LlmValueType.Double, true), ("strict", LlmValueType.Boolean, true)],
            t.Descriptor.Inputs.Select(i => (i.Name, i.Type, i.IsRequired)));
        Assert.Equal([true, false, true, false, true, true], t.ArgillaSettings.Fields.Select(f => f.Required));

        var task = t.FromRow(Row(("text", "t"), ("note", null), ("count", 3), ("id", 5L), ("temperature", 0.5), ("strict", true)));
        string[] properties = ["Text", "Note", "Count", "Id", "Temperature", "Strict"];
        Assert.Equal(["t", null, 3, 5L, 0.5, true], properties.Select(p => t.Get(task, p)));

        var fromStrings = t.FromRow(Row(("text", "t"), ("count", "3"), ("temperature", "0.5"), ("strict", "true"), ("id", 5)));
        Assert.Equal(task, fromStrings);

        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(
                "<text>t</text>\n<note></note>\n<count>3</count>\n<id>5</id>\n<temperature>0.5</temperature>\n<strict>true</strict>",
                t.BuildPrompt(task)[1].Text);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(
            new Dictionary<string, string> { ["text"] = "t", ["note"] = "", ["count"] = "3", ["id"] = "5", ["temperature"] = "0.5", ["strict"] = "true" },
            t.ToArgillaRecord(task).Fields);
    }

    [Theory]
    [InlineData("count", "abc")]
    [InlineData("count", 3_000_000_000L)]
    [InlineData("count", 1.5)]
    [InlineData("count", null)]
    [InlineData("strict", 1)]
    [InlineData("temperature", "warm")]
    [InlineData("id", "x")]
    [InlineData("text", 42)]
    public void Typed_inputs_reject_bad_values_naming_the_column(string column, object? value)
    {
        var row = Row(("text", "t"), ("count", 3), ("temperature", 0.5), ("strict", false));
        row[column] = value;
        var error = Assert.Throws<TaskInputException>(() => TypedInputs.FromRow(row));
        Assert.Equal(column, error.Column);
        Assert.Equal("typed_inputs", error.Task);
        Assert.Contains($"column '{column}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_rating_ranges_shift_to_start_at_one()
    {
        var t = TypedInputs;
        var question = Assert.IsType<ArgillaRatingQuestion>(Assert.Single(t.ArgillaSettings.Questions));
        Assert.Equal([1, 2, 3, 4, 5], question.Values);
        Assert.Equal(3, question.Offset);
        var task = t.FromRow(Row(("text", "t"), ("count", 3), ("temperature", 0.5), ("strict", false)));
        Assert.Equal(-2, t.Get(t.ParseOutput(task, "<score>-2</score>"), "Score"));
        Assert.Null(t.Get(t.ParseOutput(task, "<score>-3</score>"), "Score"));
        Assert.Equal([new ArgillaSuggestion("score", 1)], t.ToArgillaRecord(t.ParseOutput(task, "<score>-2</score>")).Suggestions);
        Assert.Equal("root ::= \"<score>\" value-score \"</score>\"\nvalue-score ::= (\"2\" | \"1\" | \"0\" | \"-1\" | \"-2\")\n", t.OutputGrammar);
    }

    [Fact]
    public void Type_erased_definition_drives_a_generated_task()
    {
        var definition = ResponseRating.Definition;
        Assert.Equal("response_rating", definition.ToString());
        var task = definition.FromRow(Row(("prompt", "p"), ("response", "r")));
        var parsed = definition.ParseOutput(task, "<correctness>0</correctness><helpfulness>1</helpfulness>");
        Assert.Equal([new ArgillaSuggestion("correctness", 1), new ArgillaSuggestion("helpfulness", 2)], definition.ToArgillaRecord(parsed).Suggestions);
        Assert.Equal(["p", "r", 0, 1], definition.ToRow(parsed).Values);
    }
}

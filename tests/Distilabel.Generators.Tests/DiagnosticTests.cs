using System.Globalization;
using System.Reflection;
using Distilabel.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Distilabel.Generators.Tests;

/// <summary>
/// One test per diagnostic id: a minimal wrong declaration reports exactly that id, as an error, at the member at
/// fault (marked <c>[|…|]</c>), with a message that names it, and no source is generated for the broken task.
/// </summary>
public class DiagnosticTests
{
    private const string Usings = "using Distilabel;\nnamespace Samples;\n";

    /// <summary>Asserts the single generator diagnostic and returns it.</summary>
    private static Diagnostic AssertOnly(string id, string markedSource, params string[] messageParts)
        => Run(id, markedSource, messageParts).Diagnostic;

    /// <summary>
    /// As <see cref="AssertOnly"/>, for a declaration that is valid C#: the generator's error is all the user sees, with no
    /// compiler error from generated code (there is none) nor from the user's code.
    /// </summary>
    private static Diagnostic AssertOnlyInsteadOfCompilerError(string id, string markedSource, params string[] messageParts)
    {
        var (diagnostic, outcome) = Run(id, markedSource, messageParts);
        Assert.Empty(outcome.CompilerDiagnostics);
        return diagnostic;
    }

    private static (Diagnostic Diagnostic, GeneratorOutcome Outcome) Run(string id, string markedSource, string[] messageParts)
    {
        var marked = MarkedSource.Parse(Usings + markedSource);
        var outcome = GeneratorHarness.Run(marked.Text);
        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Distilabel", diagnostic.Descriptor.Category);

        var location = diagnostic.Location.GetLineSpan();
        Assert.Equal("/src/Task0.cs", location.Path);
        Assert.Equal(marked.Span, diagnostic.Location.SourceSpan);
        var line = marked.Text[..marked.Span.Start].Count(c => c == '\n');
        Assert.Equal(line, location.StartLinePosition.Line);

        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        var member = marked.Text.Substring(marked.Span.Start, marked.Span.Length);
        Assert.Contains($"'{member}'", message, StringComparison.Ordinal);
        foreach (var part in messageParts)
            Assert.Contains(part, message, StringComparison.Ordinal);
        Assert.Empty(outcome.Sources);
        return (diagnostic, outcome);
    }

    /// <summary>A valid declaration: no generator diagnostic, one generated source, and the whole compilation is clean.</summary>
    private static void AssertGeneratesCleanly(string source)
    {
        var outcome = GeneratorHarness.Run(Usings + source);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Single(outcome.Sources);
        Assert.Empty(outcome.CompilerDiagnostics);
    }

    [Fact]
    public void DLB0001_not_partial()
        => AssertOnly("DLB0001", """
            [LlmTask]
            public record [|Plain|]
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "must be declared partial");

    [Fact]
    public void DLB0001_containing_type_not_partial()
        => AssertOnly("DLB0001", """
            public static class [|Judges|]
            {
                [LlmTask]
                public partial record Inner
                {
                    [Input] public required string Text { get; init; }
                    [Rating(1, 5)] public int? Score { get; init; }
                }
            }
            """, "must be declared partial");

    [Fact]
    public void DLB0002_no_inputs()
        => AssertOnly("DLB0002", """
            [LlmTask]
            public partial record [|NoInputs|]
            {
                public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "no [Input]");

    [Fact]
    public void DLB0003_no_outputs()
        => AssertOnly("DLB0003", """
            [LlmTask]
            public partial record [|NoOutputs|]
            {
                [Input] public required string Text { get; init; }
                public int? Score { get; init; }
            }
            """, "no output");

    [Fact]
    public void DLB0004_rating_min_greater_than_max()
        => AssertOnly("DLB0004", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(5, 1)] public int? [|Score|] { get; init; }
            }
            """, "[Rating(5, 1)]", "minimum 5 is greater than the maximum 1");

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 1)]
    [InlineData(5, 15)]
    [InlineData(-10, 0)]
    public void DLB0005_rating_range_not_expressible_in_Argilla(int min, int max)
        => AssertOnly("DLB0005", $$"""
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating({{min}}, {{max}})] public int? [|Score|] { get; init; }
            }
            """, $"[Rating({min}, {max})]", "2 to 10 values");

    [Fact]
    public void DLB0006_rating_wrong_type()
        => AssertOnly("DLB0006", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public double? [|Score|] { get; init; }
            }
            """, "must be of type int?", "'double?'");

    [Fact]
    public void DLB0007_output_wrong_type()
        => AssertOnly("DLB0007", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Output] public int? [|Reason|] { get; init; }
            }
            """, "must be of type string?", "'int?'");

    [Fact]
    public void DLB0008_duplicate_column()
        => AssertOnly("DLB0008", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Input(Name = "text")] public required string [|Other|] { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "Column name 'text'", "'Text'");

    [Fact]
    public void DLB0008_duplicate_column_between_input_and_output()
        => AssertOnly("DLB0008", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Score { get; init; }
                [Rating(1, 5)] public int? Quality { get; init; }
                [Output(Name = "score")] public string? [|Why|] { get; init; }
            }
            """, "Column name 'score'", "'Score'");

    [Fact]
    public void DLB0009_unsupported_input_type()
        => AssertOnly("DLB0009", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Input] public System.DateTime [|When|] { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "'System.DateTime'", "not supported");

    [Fact]
    public void DLB0010_not_a_record()
        => AssertOnly("DLB0010", """
            [LlmTask]
            public partial class [|NotRecord|]
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "must be a record");

    [Fact]
    public void DLB0011_several_roles()
        => AssertOnly("DLB0011", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Input, Output] public string? [|Both|] { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "more than one of [Input], [Rating] and [Output]");

    [Fact]
    public void DLB0012_not_settable()
        => AssertOnly("DLB0012", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? [|Score|] { get; }
            }
            """, "writable instance property");

    [Fact]
    public void DLB0012_static_property()
        => AssertOnly("DLB0012", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Input] public static string? [|Shared|] { get; set; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "writable instance property");

    [Theory]
    [InlineData("Bad Name")]
    [InlineData("Upper")]
    [InlineData("___")]
    [InlineData("")]
    [InlineData("é")]
    public void DLB0013_invalid_column_name(string column)
        => AssertOnly("DLB0013", $$"""
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5, Name = "{{column}}")] public int? [|Score|] { get; init; }
            }
            """, $"Column name '{column}'");

    [Fact]
    public void DLB0014_generic_task()
        => AssertOnly("DLB0014", """
            [LlmTask]
            public partial record [|Pair|]<T>
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "is generic");

    [Fact]
    public void DLB0014_nested_in_a_generic_type()
        => AssertOnlyInsteadOfCompilerError("DLB0014", """
            public partial class Outer<T>
            {
                [LlmTask]
                public partial record [|Inner|]
                {
                    [Input] public required string Text { get; init; }
                    [Rating(1, 5)] public int? Score { get; init; }
                }
            }
            """, "nested in the generic type 'Outer<T>'");

    [Fact]
    public void DLB0014_nested_two_levels_below_a_generic_type()
        => AssertOnlyInsteadOfCompilerError("DLB0014", """
            public partial class Outer<TKey, TValue>
            {
                public partial class Middle
                {
                    [LlmTask]
                    public partial record [|Inner|]
                    {
                        [Input] public required string Text { get; init; }
                        [Rating(1, 5)] public int? Score { get; init; }
                    }
                }
            }
            """, "nested in the generic type 'Outer<TKey, TValue>'");

    [Fact]
    public void DLB0015_unmapped_positional_parameter()
        => AssertOnly("DLB0015", """
            [LlmTask]
            public partial record Task1([Input] string Text, string [|Extra|])
            {
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "'Task1'", "Positional parameter");

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData("a/b")]
    public void DLB0016_invalid_task_name(string name)
        => AssertOnly("DLB0016", $$"""
            [LlmTask(Name = "{{name}}")]
            public partial record [|Task1|]
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, $"Task name '{name}'");

    [Fact]
    public void DLB0017_abstract_task()
        => AssertOnlyInsteadOfCompilerError("DLB0017", """
            [LlmTask]
            public abstract partial record [|Task1|]
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "is abstract");

    [Fact]
    public void DLB0018_required_member_that_is_not_a_column()
        => AssertOnlyInsteadOfCompilerError("DLB0018", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                public required string [|Tenant|] { get; init; }
            }
            """, "Required member", "of 'Task1'", "cannot set it");

    [Fact]
    public void DLB0018_required_field()
        => AssertOnlyInsteadOfCompilerError("DLB0018", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                public required string [|tenant|];
            }
            """, "Required member", "of 'Task1'");

    [Fact]
    public void DLB0018_required_member_of_a_base_record_is_reported_on_the_task()
        => AssertOnlyInsteadOfCompilerError("DLB0018", """
            public record Tenanted
            {
                public required string Tenant { get; init; }
            }

            [LlmTask]
            public partial record [|Task1|] : Tenanted
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "Required member 'Tenant'");

    [Fact]
    public void DLB0019_custom_constructor_only()
        => AssertOnlyInsteadOfCompilerError("DLB0019", """
            [LlmTask]
            public partial record [|Task1|]
            {
                public Task1(string text) => Text = text;
                [Input] public string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "no parameterless constructor");

    [Theory]
    [InlineData("public int {0} => 0;")]
    [InlineData("public static string? {0} {{ get; set; }}")]
    [InlineData("public readonly int {0} = 1;")]
    [InlineData("public void {0}(int value) {{ }}")]
    [InlineData("public sealed class {0} {{ }}")]
    public void DLB0020_member_named_like_a_generated_property(string memberFormat)
    {
        foreach (var name in new[] { "Descriptor", "OutputGrammar", "OutputJsonSchema", "ArgillaSettings", "__DistilabelSystemPrompt" })
        {
            AssertOnlyInsteadOfCompilerError("DLB0020", $$"""
                [LlmTask]
                public partial record Task1
                {
                    [Input] public required string Text { get; init; }
                    [Rating(1, 5)] public int? Score { get; init; }
                    {{string.Format(CultureInfo.InvariantCulture, memberFormat, "[|" + name + "|]")}}
                }
                """, "of 'Task1'", "name of a member the generator adds");
        }
    }

    [Theory]
    [InlineData("public string [|BuildPrompt|]() => \"\";")]
    [InlineData("public static void [|ToRow|]() { }")]
    [InlineData("public int [|ToArgillaRecord|]() => 0;")]
    [InlineData("public Task1 [|ParseOutput|](string? answer) => this;")]
    [InlineData("public static Task1 [|FromRow|](System.Collections.Generic.IReadOnlyDictionary<string, object?> row) => new() { Text = \"\" };")]
    [InlineData("public int [|FromRow|] => 0;")]
    [InlineData("public string [|ToRow|] { get; init; } = \"\";")]
    public void DLB0020_member_named_like_a_generated_method(string member)
        => AssertOnlyInsteadOfCompilerError("DLB0020", $$"""
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                {{member}}
            }
            """, "of 'Task1'", "name of a member the generator adds");

    // ---- no cascades, no false positives -----------------------------------------------------------

    [Fact]
    public void Overloads_of_generated_methods_are_allowed()
        => AssertGeneratesCleanly("""
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                public string BuildPrompt(int count) => Text + count;
                public Task1 ParseOutput(int score) => this with { Score = score };
                public static Task1 FromRow(string text) => new() { Text = text };
                public string ToRow(char separator) => Text + separator;
                public T ToArgillaRecord<T>() where T : new() => new();
            }
            """);

    [Fact]
    public void Required_members_that_are_columns_or_set_by_a_SetsRequiredMembers_constructor_are_allowed()
        => AssertGeneratesCleanly("""
            [LlmTask]
            public partial record Task1
            {
                [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
                public Task1() => (Text, Tenant) = ("", "default");

                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public required int? Score { get; init; }
                public required string Tenant { get; init; }
            }
            """);

    [Theory]
    [InlineData("private Task1() { }\n    public Task1(string text) => Text = text;")]
    [InlineData("public Task1(string text = \"\") => Text = text;")]
    [InlineData("public Task1(params string[] parts) => Text = string.Concat(parts);")]
    public void A_parameterless_private_or_all_optional_constructor_is_enough(string constructors)
        => AssertGeneratesCleanly($$"""
            [LlmTask]
            public partial record Task1
            {
                {{constructors}}
                [Input] public string Text { get; init; } = "";
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """);

    [Fact]
    public void A_positional_record_with_an_extra_constructor_is_allowed()
        => AssertGeneratesCleanly("""
            [LlmTask]
            public partial record Task1([Input] string Text, [Rating(1, 5)] int? Score = null)
            {
                public Task1(int score) : this("", score) { }
            }
            """);

    [Fact]
    public void A_broken_task_reports_every_new_error_at_once()
    {
        var outcome = GeneratorHarness.Run(Usings + """
            [LlmTask]
            public abstract partial record Task1
            {
                protected Task1(int seed) { }
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                public required string Tenant { get; init; }
                public static int Descriptor => 0;
            }
            """);
        Assert.Equal(["DLB0017", "DLB0018", "DLB0019", "DLB0020"], outcome.GeneratorDiagnostics.Select(d => d.Id).Order());
        Assert.Empty(outcome.Sources);
        Assert.Empty(outcome.CompilerDiagnostics);
    }

    [Fact]
    public void A_broken_only_input_is_not_also_reported_as_no_inputs()
        => AssertOnly("DLB0013", """
            [LlmTask]
            public partial record Task1
            {
                [Input(Name = "Bad Name")] public required string [|Text|] { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """);

    [Fact]
    public void A_broken_only_output_is_not_also_reported_as_no_outputs()
        => AssertOnly("DLB0012", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Output] public string? [|Reason|] { get; }
            }
            """);

    [Fact]
    public void Each_broken_member_is_reported()
    {
        var outcome = GeneratorHarness.Run(Usings + """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(5, 1)] public int? A { get; init; }
                [Rating(1, 5)] public string? B { get; init; }
                [Output] public int C { get; init; }
            }
            """);
        Assert.Equal(["DLB0004", "DLB0006", "DLB0007"], outcome.GeneratorDiagnostics.Select(d => d.Id).Order());
        Assert.Empty(outcome.Sources);
    }

    // ---- lists and parameters ------------------------------------------------------------------------

    [Theory]
    [InlineData("[Rating(1, 5)] public System.Collections.Generic.IReadOnlyList<int>", "IReadOnlyList<int>")]
    [InlineData("[Rating(1, 5)] public int?[]", "int?[]")]
    [InlineData("[Output] public System.Collections.Generic.List<string>", "List<string>")]
    [InlineData("[Output] public System.Collections.Generic.IReadOnlyList<int?>", "IReadOnlyList<int?>")]
    public void DLB0021_list_output_wrong_type(string declaration, string typeName)
        => AssertOnlyInsteadOfCompilerError("DLB0021", $$"""
            [LlmTask]
            public partial record Task1
            {
                [Input] public required System.Collections.Generic.IReadOnlyList<string> Generations { get; init; }
                {{declaration}}? [|Values|] { get; init; }
            }
            """, typeName, "a list output must be IReadOnlyList<int?>");

    [Fact]
    public void DLB0022_per_item_output_without_list_input()
        => AssertOnlyInsteadOfCompilerError("DLB0022", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public System.Collections.Generic.IReadOnlyList<int?>? [|Ratings|] { get; init; }
            }
            """, "one value per item of a list input", "no [Input] of type IReadOnlyList<string>");

    [Fact]
    public void DLB0023_per_item_output_with_several_list_inputs()
        => AssertOnlyInsteadOfCompilerError("DLB0023", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required System.Collections.Generic.IReadOnlyList<string> Generations { get; init; }
                [Input] public required System.Collections.Generic.IReadOnlyList<string> References { get; init; }
                [Output] public System.Collections.Generic.IReadOnlyList<string?>? [|Rationales|] { get; init; }
            }
            """, "several list inputs (Generations, References)", "For = nameof(...)");

    [Fact]
    public void DLB0024_for_names_no_list_input()
        => AssertOnlyInsteadOfCompilerError("DLB0024", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Question { get; init; }
                [Input] public required System.Collections.Generic.IReadOnlyList<string> Generations { get; init; }
                [Rating(1, 5, For = nameof(Question))] public System.Collections.Generic.IReadOnlyList<int?>? [|Ratings|] { get; init; }
            }
            """, "For = \"Question\"", "its list inputs: Generations");

    [Fact]
    public void DLB0025_for_on_a_single_value_output()
        => AssertOnlyInsteadOfCompilerError("DLB0025", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required System.Collections.Generic.IReadOnlyList<string> Generations { get; init; }
                [Rating(1, 5, For = nameof(Generations))] public int? [|Best|] { get; init; }
            }
            """, "applies only to per-item outputs", "'int?'");

    [Theory]
    [InlineData("System.DateTime")]
    [InlineData("int?")]
    [InlineData("long")]
    [InlineData("System.Collections.Generic.IReadOnlyList<string>?")]
    public void DLB0026_unsupported_parameter_type(string type)
        => AssertOnlyInsteadOfCompilerError("DLB0026", $$"""
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                [Parameter] public {{type}} [|Setting|] { get; init; }
            }
            """, $"'{type}'", "use string, int, double, bool or an enum");

    [Fact]
    public void DLB0027_parameter_that_is_also_a_column()
        => AssertOnlyInsteadOfCompilerError("DLB0027", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                [Parameter, Input] public string? [|Aspect|] { get; init; }
            }
            """, "both a [Parameter] and a column");

    [Fact]
    public void DLB0028_user_prompt_placeholder_naming_nothing()
        => AssertOnlyInsteadOfCompilerError("DLB0028", """
            [LlmTask(UserPrompt = "Text: {text}\nContext: {contxt}\n{answer_format}")]
            public partial record [|Task1|]
            {
                [Input] public required string Text { get; init; }
                [Input] public string? Context { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "'{contxt}'", "{context}", "{answer_format}");

    [Fact]
    public void DLB0029_answer_reader_with_the_wrong_signature()
        => AssertOnlyInsteadOfCompilerError("DLB0029", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                [AnswerReader] private static AnswerValues? [|Read|](string output) => null;
            }
            """, "[AnswerReader]", "AnswerValues? M(string output)");

    [Fact]
    public void DLB0029_answer_grammar_with_the_wrong_signature()
        => AssertOnlyInsteadOfCompilerError("DLB0029", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                [AnswerGrammar] private string [|Grammar|](int count) => "";
            }
            """, "[AnswerGrammar]", "string M()");

    [Fact]
    public void DLB0030_when_naming_no_bool_property()
        => AssertOnlyInsteadOfCompilerError("DLB0030", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                [Output(When = nameof(Aspect))] public string? [|Types|] { get; init; }
                [Parameter] public string Aspect { get; init; } = "x";
            }
            """, "When = \"Aspect\"", "bool property");

    [Fact]
    public void DLB0031_user_prompt_that_never_tells_the_answer_format()
        => AssertOnlyInsteadOfCompilerError("DLB0031", """
            [LlmTask(UserPrompt = "Rate this: {text}")]
            public partial record [|Task1|]
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """, "{answer_format}", "[AnswerReader]");

    [Fact]
    public void DLB0012_parameter_without_setter()
        => AssertOnly("DLB0012", """
            [LlmTask]
            public partial record Task1
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
                [Parameter] public string [|Aspect|] => "x";
            }
            """, "writable instance property");

    [Fact]
    public void A_per_item_text_output_with_For_needs_no_nullable_annotation()
        => AssertGeneratesCleanly("""
            [LlmTask]
            public partial record Task1
            {
                [Input] public required System.Collections.Generic.IReadOnlyList<string> Generations { get; init; }
                [Input] public System.Collections.Generic.IReadOnlyList<string>? Notes { get; init; }
                [Output(For = nameof(Generations))] public System.Collections.Generic.IReadOnlyList<string> Rationales { get; init; } = [];
            }
            """);

    [Theory]
    [MemberData(nameof(BaselineTests.Names), MemberType = typeof(BaselineTests))]
    public void A_correct_declaration_has_no_diagnostics(string name)
    {
        var outcome = GeneratorHarness.Run(TaskSources.All[name]);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Single(outcome.Sources);
    }

    [Fact]
    public void A_type_without_the_attribute_is_ignored()
    {
        var outcome = GeneratorHarness.Run(Usings + "public record Plain { [Input] public DateTime X { get; init; } }");
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.Sources);
    }

    // ---- bookkeeping -----------------------------------------------------------------------------

    private static IReadOnlyList<DiagnosticDescriptor> Descriptors => typeof(LlmTaskGenerator).Assembly
        .GetType("Distilabel.Generators.DiagnosticDescriptors", throwOnError: true)!
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    [Fact]
    public void Every_diagnostic_id_has_a_test()
    {
        var tested = typeof(DiagnosticTests).GetMethods()
            .Where(m => m.Name.StartsWith("DLB", StringComparison.Ordinal))
            .Select(m => m.Name[..7])
            .ToHashSet();
        var ids = Descriptors.Select(d => d.Id).ToList();
        // An id may have several descriptors (one message each), all with the same title: DLB0014.
        Assert.Equal(Enumerable.Range(1, 31).Select(i => $"DLB{i:0000}"), ids.Distinct().Order());
        Assert.Equal(ids.Distinct().Order(), tested.Order());
        foreach (var group in Descriptors.GroupBy(d => d.Id))
            Assert.Single(group.Select(d => d.Title.ToString(CultureInfo.InvariantCulture)).Distinct());
    }

    [Fact]
    public void Every_diagnostic_is_an_error_tracked_in_the_release_file()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepoPaths.Root, "generators", "Distilabel.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
        {
            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Contains($"{descriptor.Id} | Distilabel | Error | {descriptor.Title}", unshipped, StringComparison.Ordinal);
        }
    }
}

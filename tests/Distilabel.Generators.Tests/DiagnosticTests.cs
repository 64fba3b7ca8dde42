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
        return diagnostic;
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

    // ---- no cascades, no false positives -----------------------------------------------------------

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
        Assert.Equal(Enumerable.Range(1, 16).Select(i => $"DLB{i:0000}"), ids.Order());
        Assert.Equal(ids.Order(), tested.Order());
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

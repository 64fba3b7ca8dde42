using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Distilabel.Generators.Tests.Infrastructure;

namespace Distilabel.Generators.Tests;

/// <summary>Declarations that are legal C# and must give compiling, working generated code.</summary>
public class EdgeCaseTests
{
    private static LoadedTask CompileAndLoad(string source, string typeName)
    {
        var outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilerDiagnostics);
        return LoadedTask.From(GeneratorHarness.EmitAndLoad(outcome.Output), typeName);
    }

    [Fact]
    public void Member_names_that_are_keywords_or_clash_with_generated_locals()
    {
        var t = CompileAndLoad("""
            using Distilabel;
            namespace Samples;
            [LlmTask]
            public partial record Clash
            {
                [Input] public required string user { get; init; }
                [Input] public required string echoed { get; init; }
                [Input] public required string fields { get; init; }
                [Input] public required string @event { get; init; }
                [Input] public string? row { get; init; }
                [Rating(1, 5)] public int? answer { get; init; }
                [Output] public string? output { get; init; }
                [Output] public string? suggestions { get; init; }
            }
            """, "Samples.Clash");
        var task = t.FromRow(new Dictionary<string, object?> { ["user"] = "u", ["echoed"] = "e", ["fields"] = "f", ["event"] = "ev", ["row"] = "r" });
        Assert.Equal("<user>u</user>\n<echoed>e</echoed>\n<fields>f</fields>\n<event>ev</event>\n<row>r</row>", t.BuildPrompt(task)[1].Text);
        var parsed = t.ParseOutput(task, "<answer>4</answer><output>o</output><suggestions>s</suggestions>");
        Assert.Equal((4, "o", "s"), (t.Get(parsed, "answer"), t.Get(parsed, "output"), t.Get(parsed, "suggestions")));
        Assert.Equal(["u", "e", "f", "ev", "r", 4, "o", "s"], t.ToRow(parsed).Values);
        Assert.Equal(3, t.ToArgillaRecord(parsed).Suggestions.Count);
    }

    [Fact]
    public void Positional_parameters_that_are_keywords()
    {
        var t = CompileAndLoad("""
            using Distilabel;
            namespace Samples;
            [LlmTask]
            public partial record Keywords([Input] string @class, [Rating(0, 4)] int? @int = null);
            """, "Samples.Keywords");
        var task = t.FromRow(new Dictionary<string, object?> { ["class"] = "c", ["int"] = 2 });
        Assert.Equal(2, t.Get(task, "int"));
        Assert.Equal(3, t.Get(t.ParseOutput(task, "<int>3</int>"), "int"));
    }

    [Fact]
    public void Private_setters_sealed_records_and_internal_nesting()
    {
        var t = CompileAndLoad("""
            using Distilabel;
            namespace Samples;
            internal static partial class Holder
            {
                [LlmTask]
                private sealed partial record Hidden
                {
                    [Input] public string Text { get; private set; } = "";
                    [Rating(1, 5)] public int? Score { get; private set; }
                }

                public static object Make() => Hidden.FromRow(new System.Collections.Generic.Dictionary<string, object?> { ["text"] = "t" });
            }
            """, "Samples.Holder+Hidden");
        var task = t.FromRow(new Dictionary<string, object?> { ["text"] = "t" });
        Assert.Equal(5, t.Get(t.ParseOutput(task, "<score>5</score>"), "Score"));
    }

    [Fact]
    public void Partial_declarations_in_two_files()
    {
        var outcome = GeneratorHarness.Run(
            """
            using Distilabel;
            namespace Samples;
            [LlmTask]
            public partial record Split
            {
                [Input] public required string Text { get; init; }
            }
            """,
            """
            using Distilabel;
            namespace Samples;
            public partial record Split
            {
                [Rating(1, 5)] public int? Score { get; init; }
                public string Helper() => Text.ToUpperInvariant();
            }
            """);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilerDiagnostics);
        Assert.Single(outcome.Sources);
    }

    [Fact]
    public void Prompts_with_quotes_backslashes_and_unicode_survive_as_literals()
    {
        var t = CompileAndLoad("""
            using Distilabel;
            namespace Samples;
            [LlmTask(SystemPrompt = "Say \"hi\"\\n, then tab:\t é ✓ \u2028 end", Guidelines = "line1\r\nline2")]
            public partial record Quotes
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5, Description = "a \"quoted\" \\ description")] public int? Score { get; init; }
            }
            """, "Samples.Quotes");
        Assert.StartsWith("Say \"hi\"\\n, then tab:\t é ✓ \u2028 end\n\n", t.Descriptor.SystemPrompt, StringComparison.Ordinal);
        Assert.Equal("line1\r\nline2", t.Descriptor.Guidelines);
        Assert.Contains("a \"quoted\" \\ description", t.Descriptor.SystemPrompt, StringComparison.Ordinal);
        using var schema = System.Text.Json.JsonDocument.Parse(t.OutputJsonSchema);
        Assert.Equal("a \"quoted\" \\ description", schema.RootElement.GetProperty("properties").GetProperty("score").GetProperty("description").GetString());
    }

    [Fact]
    public void Explicit_record_class_and_struct_containers()
    {
        var t = CompileAndLoad("""
            using Distilabel;
            namespace Samples;
            public partial struct Container
            {
                public partial record Holder
                {
                    [LlmTask]
                    public partial record class Explicit
                    {
                        [Input] public required string Text { get; init; }
                        [Rating(1, 5)] public int? Score { get; init; }
                    }
                }
            }
            """, "Samples.Container+Holder+Explicit");
        Assert.Equal("Samples.Container.Holder.Explicit", t.Descriptor.TypeName);
    }

    [Theory]
    [InlineData("using Distilabel;", "[LlmTask]", "[Input]", "[Rating(1, 5)]")]
    [InlineData("", "[Distilabel.LlmTask]", "[Distilabel.Input]", "[Distilabel.Rating(1, 5)]")]
    [InlineData("", "[global::Distilabel.LlmTaskAttribute()]", "[global::Distilabel.InputAttribute]", "[global::Distilabel.RatingAttribute(1, 5)]")]
    [InlineData("using Judge = Distilabel.LlmTaskAttribute; using In = Distilabel.InputAttribute; using Score = Distilabel.RatingAttribute;", "[Judge]", "[In]", "[Score(1, 5)]")]
    public void Attributes_are_found_however_they_are_spelled(string usings, string task, string input, string rating)
    {
        var t = CompileAndLoad($$"""
            {{usings}}
            namespace Samples;
            {{task}}
            public partial record Spelled
            {
                {{input}} public required string Text { get; init; }
                {{rating}} public int? Score { get; init; }
            }
            """, "Samples.Spelled");
        Assert.Equal(["text"], t.Descriptor.Inputs.Select(i => i.Name));
        Assert.Equal(["score"], t.Descriptor.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void A_task_nested_in_a_generic_type_is_reported_as_generic()
    {
        var outcome = GeneratorHarness.Run("""
            using Distilabel;
            namespace Samples;
            public partial class Outer<T>
            {
                [LlmTask]
                public partial record Inner
                {
                    [Input] public required string Text { get; init; }
                    [Rating(1, 5)] public int? Score { get; init; }
                }
            }
            """);
        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("DLB0014", diagnostic.Id);
        Assert.Equal(
            "'Inner' is nested in the generic type 'Outer<T>': an LLM task must be a non-generic record outside any generic type",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void Columns_differing_only_by_dash_and_underscore_get_distinct_grammar_rules()
    {
        var t = CompileAndLoad("""
            using Distilabel;
            namespace Samples;
            [LlmTask]
            public partial record Dashes
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5, Name = "a_b")] public int? First { get; init; }
                [Rating(1, 3, Name = "a-b")] public int? Second { get; init; }
            }
            """, "Samples.Dashes");
        var rules = t.OutputGrammar.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(" ::=", StringComparison.Ordinal)]).ToList();
        Assert.Equal(3, rules.Distinct().Count());
        var task = t.ParseOutput(t.FromRow(new Dictionary<string, object?> { ["text"] = "x" }), "<a_b>5</a_b><a-b>3</a-b>");
        Assert.Equal((5, 3), (t.Get(task, "First"), t.Get(task, "Second")));
    }
}

/// <summary>The generated code compiles under the strictest settings a user may have.</summary>
public class StrictUserSettingsTests
{
    public static TheoryData<string> Names => BaselineTests.Names;

    private static void AssertCompilesCleanly(CSharpParseOptions parseOptions, CSharpCompilationOptions options, string source, params string[] allowedInUserCode)
    {
        var compilation = CSharpCompilation.Create(
            "Strict" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, parseOptions, "/src/Task.cs")],
            GeneratorHarness.References,
            options);
        var driver = CSharpGeneratorDriver.Create([new LlmTaskGenerator().AsSourceGenerator()], parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Single(output.SyntaxTrees.Skip(1));
        var diagnostics = GeneratorHarness.Visible(output.GetDiagnostics());
        Assert.Empty(diagnostics.Where(d => d.Location.SourceTree?.FilePath != "/src/Task.cs" || !allowedInUserCode.Contains(d.Id)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void With_documentation_comments_checked_and_the_highest_warning_level(string name)
        => AssertCompilesCleanly(
            GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose),
            GeneratorHarness.StrictOptions.WithWarningLevel(9999),
            // Users who document everything: the task itself carries docs, the generated members must not warn.
            TaskSources.All[name].Replace("[LlmTask", "/// <summary>A task.</summary>\n[LlmTask", StringComparison.Ordinal)
                .Replace("public static partial class Judges", "/// <summary>Judges.</summary>\npublic static partial class Judges", StringComparison.Ordinal)
                .Replace("internal partial class English", "/// <summary>English.</summary>\ninternal partial class English", StringComparison.Ordinal),
            // The user's own undocumented properties are the user's business; nothing in generated code may warn.
            allowedInUserCode: "CS1591");

    [Theory]
    [MemberData(nameof(Names))]
    public void With_nullable_disabled(string name)
    {
        // In a nullable-oblivious project a user writes no '?' on reference types.
        var source = TaskSources.All[name].Replace("string?", "string", StringComparison.Ordinal).Replace(">?", ">", StringComparison.Ordinal)
            .Replace("AnswerValues?", "AnswerValues", StringComparison.Ordinal);
        AssertCompilesCleanly(GeneratorHarness.ParseOptions, GeneratorHarness.StrictOptions.WithNullableContextOptions(NullableContextOptions.Disable), source);
    }

    [Fact]
    public void With_optimizations_and_checked_arithmetic()
        => AssertCompilesCleanly(
            GeneratorHarness.ParseOptions,
            GeneratorHarness.StrictOptions.WithOptimizationLevel(OptimizationLevel.Release).WithOverflowChecks(true),
            TaskSources.TypedInputs);
}

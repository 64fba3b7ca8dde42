using Distilabel.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Distilabel.Generators.Tests;

/// <summary>
/// The pipeline caches: an edit elsewhere in the compilation never re-runs a task's model or source output
/// (tracking names <c>Parse</c>, <c>Model</c>, <c>Diagnostics</c>); an edit of the task does.
/// </summary>
public class IncrementalityTests
{
    private const string Model = "Model";
    private const string Parse = "Parse";
    private const string Diagnostics = "Diagnostics";

    private static readonly string BrokenTask = """
        using Distilabel;
        namespace Samples;
        [LlmTask]
        public partial record Broken
        {
            [Input] public required string Text { get; init; }
            [Rating(5, 1)] public int? Score { get; init; }
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(params string[] sources)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        if (first.TrackedSteps.TryGetValue(Model, out var models)) // absent when every task is broken
            Assert.All(models.SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation compilation)
        => driver.RunGenerators(compilation).GetRunResult().Results.Single();

    private static void AssertNothingReran(GeneratorRunResult result, params string[] steps)
    {
        foreach (var step in steps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} output {o.Value} re-ran: {o.Reason}"));
        }

        var sourceOutputs = result.TrackedOutputSteps[WellKnownGeneratorOutputs.SourceOutput].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(sourceOutputs);
        Assert.All(sourceOutputs, o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"source output re-ran: {o.Reason}"));
    }

    [Fact]
    public void Adding_an_unrelated_file_reruns_no_task_output()
    {
        var (driver, compilation) = FirstRun(TaskSources.ResponseRating, TaskSources.Judge, BrokenTask);
        var next = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Other; public class Unrelated { public int X => 1; }", "/src/Unrelated.cs"));
        var result = Rerun(driver, next);
        AssertNothingReran(result, Model, Diagnostics);
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void A_cached_diagnostic_is_reported_again_unchanged()
    {
        var (driver, compilation) = FirstRun(BrokenTask, "namespace Other; public class Unrelated { public int X => 1; }");
        var before = Assert.Single(driver.GetRunResult().Diagnostics);
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Task1.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse("namespace Other; public class Unrelated { public int X => 2; }", old.FilePath)));

        var result = driver.GetRunResult();
        var parse = Assert.Single(result.Results.Single().TrackedSteps[Parse].SelectMany(s => s.Outputs));
        Assert.True(parse.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"parse re-ran: {parse.Reason}");
        var diagnostics = Assert.Single(result.Results.Single().TrackedSteps[Diagnostics].SelectMany(s => s.Outputs));
        Assert.True(diagnostics.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"diagnostics re-ran: {diagnostics.Reason}");
        var after = Assert.Single(result.Diagnostics);
        Assert.Same(before.Descriptor, after.Descriptor);
        Assert.Equal(before.GetMessage(System.Globalization.CultureInfo.InvariantCulture), after.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(before.Location.GetLineSpan(), after.Location.GetLineSpan());
    }

    [Fact]
    public void Moving_a_broken_task_moves_its_diagnostic()
    {
        var (driver, compilation) = FirstRun(BrokenTask);
        var before = Assert.Single(driver.GetRunResult().Diagnostics);
        var old = compilation.SyntaxTrees.Single();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse("// two lines\n// that move the task\n" + BrokenTask, old.FilePath)));

        var result = driver.GetRunResult();
        var diagnostics = Assert.Single(result.Results.Single().TrackedSteps[Diagnostics].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, diagnostics.Reason);
        var after = Assert.Single(result.Diagnostics);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 2, after.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Editing_an_unrelated_file_reruns_no_task_output()
    {
        var (driver, compilation) = FirstRun(TaskSources.ResponseRating, "namespace Other; public class Unrelated { public int X => 1; }");
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Task1.cs");
        var next = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse("namespace Other; public class Unrelated { public int X => 2; public int Y => 3; }", old.FilePath));
        AssertNothingReran(Rerun(driver, next), Model, Diagnostics);
    }

    [Fact]
    public void Rerunning_on_an_equal_compilation_reruns_nothing()
    {
        var (driver, compilation) = FirstRun(TaskSources.ResponseRating, TaskSources.Nested);
        var result = Rerun(driver, compilation.Clone());
        AssertNothingReran(result, Parse, Model, Diagnostics);
    }

    [Fact]
    public void A_comment_in_the_task_file_leaves_the_model_unchanged()
    {
        var (driver, compilation) = FirstRun(TaskSources.ResponseRating);
        var old = compilation.SyntaxTrees.Single();
        var next = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse("// a comment that moves every line\n\n" + TaskSources.ResponseRating, old.FilePath));
        var result = Rerun(driver, next);
        AssertNothingReran(result, Model);
    }

    [Fact]
    public void Editing_the_task_reruns_its_model_only()
    {
        var (driver, compilation) = FirstRun(TaskSources.ResponseRating, TaskSources.Judge);
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Task0.cs");
        var edited = TaskSources.ResponseRating.Replace("Rate the response to the prompt.", "Rate the answer.", StringComparison.Ordinal);
        var result = Rerun(driver, compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(edited, old.FilePath)));

        var models = result.TrackedSteps[Model].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, models.Count);
        Assert.Single(models, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(models, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.Contains(result.TrackedOutputSteps[WellKnownGeneratorOutputs.SourceOutput].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        var source = Assert.Single(result.GeneratedSources, s => s.HintName == "Samples.ResponseRating.g.cs");
        Assert.Contains("Rate the answer.", source.SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_an_output_to_the_task_modifies_its_model()
    {
        var (driver, compilation) = FirstRun(TaskSources.Judge);
        var old = compilation.SyntaxTrees.Single();
        var edited = TaskSources.Judge.Replace("int? Score = null);", "int? Score = null, [Output] string? Why = null);", StringComparison.Ordinal);
        var result = Rerun(driver, compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(edited, old.FilePath)));
        var model = Assert.Single(result.TrackedSteps[Model].SelectMany(s => s.Outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, model.Reason);
        Assert.Contains("<why>", Assert.Single(result.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fixing_a_broken_task_clears_its_diagnostic_and_generates_its_source()
    {
        var (driver, compilation) = FirstRun(BrokenTask);
        Assert.Equal("DLB0004", Assert.Single(driver.GetRunResult().Diagnostics).Id);
        var old = compilation.SyntaxTrees.Single();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(BrokenTask.Replace("Rating(5, 1)", "Rating(1, 5)", StringComparison.Ordinal), old.FilePath)));
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Results.Single().GeneratedSources);
    }
}

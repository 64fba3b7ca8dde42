using Distilabel.Pipeline;
using Distilabel.Rendering;
using Distilabel.Tasks;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Events;

namespace Distilabel.Interactive.Tests.Interactive;

[Collection(KernelCollection.Name)]
public sealed class FormatterRegistrationTests
{
    private const string Rows = """
        var rows = new List<IReadOnlyDictionary<string, object?>>
        {
            new Dictionary<string, object?> { ["prompt"] = "2+2?", ["response"] = "<b>4</b>", ["correctness"] = 4, ["coherence"] = 4, ["complexity"] = 0, ["verbosity"] = 1, ["helpfulness"] = 4, ["labelling_error"] = null },
            new Dictionary<string, object?> { ["prompt"] = "hi", ["response"] = "hello", ["correctness"] = null, ["coherence"] = null, ["complexity"] = null, ["verbosity"] = null, ["helpfulness"] = null, ["labelling_error"] = "timeout" },
        };
        """;

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> SameRows() =>
    [
        new Dictionary<string, object?> { ["prompt"] = "2+2?", ["response"] = "<b>4</b>", ["correctness"] = 4, ["coherence"] = 4, ["complexity"] = 0, ["verbosity"] = 1, ["helpfulness"] = 4, ["labelling_error"] = null },
        new Dictionary<string, object?> { ["prompt"] = "hi", ["response"] = "hello", ["correctness"] = null, ["coherence"] = null, ["complexity"] = null, ["verbosity"] = null, ["helpfulness"] = null, ["labelling_error"] = "timeout" },
    ];

    [Fact]
    public async Task Task_definition_is_displayed_with_the_task_view()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitSuccessfullyAsync("display(LlmTaskDefinition.Of<Distilabel.Tasks.HelpSteer>());");

        Assert.Equal([HtmlRenderer.Task(LlmTaskDefinition.Of<HelpSteer>())], result.DisplayedHtml());
    }

    [Fact]
    public async Task Task_returned_by_a_cell_is_formatted_too()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitSuccessfullyAsync("LlmTaskRegistry.Get(\"helpsteer\")");

        var value = result.Events.OfType<ReturnValueProduced>().Single();
        Assert.Equal(HtmlRenderer.Task(LlmTaskDefinition.Of<HelpSteer>()), value.Html());
    }

    [Fact]
    public async Task Descriptor_is_displayed_with_the_task_view()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitSuccessfullyAsync("display(Distilabel.Tasks.HelpSteer.Descriptor);");

        Assert.Equal([HtmlRenderer.Task(HelpSteer.Descriptor)], result.DisplayedHtml());
    }

    [Fact]
    public async Task Labelled_dataset_is_displayed_as_a_preview()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitSuccessfullyAsync(Rows + "display(LabelledDataset.Of<Distilabel.Tasks.HelpSteer>(rows));");

        var html = Assert.Single(result.DisplayedHtml());
        Assert.Equal(HtmlRenderer.Dataset(SameRows(), HelpSteer.Descriptor), html);
        Assert.Contains("&lt;b&gt;4&lt;/b&gt;", html);
    }

    [Fact]
    public async Task Labelled_dataset_without_a_task_uses_the_registered_task_with_its_columns()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitSuccessfullyAsync(Rows + "display(new LabelledDataset(rows));");

        Assert.Equal([HtmlRenderer.Dataset(SameRows(), HelpSteer.Descriptor)], result.DisplayedHtml());
    }

    [Fact]
    public async Task DataFrame_is_displayed_as_a_preview()
    {
        using var kernel = await TestKernel.CreateAsync();
        const string code = """
            var frame = new Microsoft.Data.Analysis.DataFrame(
                new Microsoft.Data.Analysis.StringDataFrameColumn("prompt", new[] { "2+2?" }),
                new Microsoft.Data.Analysis.StringDataFrameColumn("response", new[] { "<i>4</i>" }),
                new Microsoft.Data.Analysis.Int32DataFrameColumn("score", new int?[] { 3 }));
            display(frame);
            """;

        var result = await kernel.SubmitSuccessfullyAsync(code);

        var expected = new DataFrame(
            new StringDataFrameColumn("prompt", ["2+2?"]),
            new StringDataFrameColumn("response", ["<i>4</i>"]),
            new Int32DataFrameColumn("score", [3]));
        Assert.Equal([HtmlRenderer.Dataset(expected)], result.DisplayedHtml());
    }

    [Fact]
    public async Task Progress_view_and_argilla_summary_are_displayed()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitSuccessfullyAsync("""
            display(new PipelineProgress(10, 4, 1, 400, 120, TimeSpan.FromSeconds(8), "run"));
            display(new ArgillaPushSummary("HelpSteer-AIF", "admin", "https://argilla.example.org/ds", 10, 0));
            """);

        Assert.Equal(
            [
                HtmlRenderer.Progress(new PipelineProgress(10, 4, 1, 400, 120, TimeSpan.FromSeconds(8), "run")),
                HtmlRenderer.ArgillaPush(new ArgillaPushSummary("HelpSteer-AIF", "admin", "https://argilla.example.org/ds", 10, 0)),
            ],
            result.DisplayedHtml());
    }

    [Fact]
    public async Task Without_the_extension_the_default_formatter_is_used()
    {
        using var kernel = await TestKernel.CreateAsync(loadExtension: false);

        var result = await kernel.SubmitSuccessfullyAsync("display(new PipelineProgress(10, 4, 1, 400, 120, TimeSpan.FromSeconds(8)));");

        Assert.NotEqual(HtmlRenderer.Progress(new PipelineProgress(10, 4, 1, 400, 120, TimeSpan.FromSeconds(8))), Assert.Single(result.DisplayedHtml()));
    }

    [Fact]
    public async Task Live_progress_display_is_updated_in_place()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitSuccessfullyAsync("""
            var progress = DistilabelDisplay.Progress(10, "helpsteer");
            IProgress<PipelineProgress> report = progress;
            progress.Update(new PipelineProgress(10, 5, 1, 500, 150, TimeSpan.FromSeconds(5), "helpsteer"));
            report.Report(new PipelineProgress(10, 10, 1, 1000, 300, TimeSpan.FromSeconds(10), "helpsteer"));
            report.Report(new PipelineProgress(10, 10, 1, 1000, 300, TimeSpan.FromSeconds(10), "helpsteer")); // same view: no update
            """);

        var shown = Assert.Single(result.Events.OfType<DisplayedValueProduced>());
        Assert.Equal(HtmlRenderer.Progress(new PipelineProgress(10, 0, 0, 0, 0, TimeSpan.Zero, "helpsteer")), shown.Html());
        var updates = result.Events.OfType<DisplayedValueUpdated>().ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.Equal(shown.ValueId, u.ValueId));
        Assert.Equal(HtmlRenderer.Progress(new PipelineProgress(10, 5, 1, 500, 150, TimeSpan.FromSeconds(5), "helpsteer")), updates[0].Html());
        Assert.Contains("done in 10s", updates[1].Html());
    }

    [Fact]
    public void Progress_display_outside_a_cell_keeps_the_latest_view()
    {
        var progress = DistilabelDisplay.Progress(3);
        var view = new PipelineProgress(3, 2, 0, 20, 6, TimeSpan.FromSeconds(2));

        progress.Update(view);

        Assert.False(progress.IsDisplayed);
        Assert.Same(view, progress.Current);
        Assert.Equal(HtmlRenderer.Progress(view), progress.Html);
    }

    [Fact]
    public void Progress_display_takes_pipeline_progress_directly_and_keeps_its_title()
    {
        var progress = DistilabelDisplay.Progress(4, "judge");
        IProgress<Distilabel.Pipeline.PipelineProgress> report = progress;

        report.Report(new Distilabel.Pipeline.PipelineProgress(4, 3, 1, 30, 9, TimeSpan.FromSeconds(3)));

        Assert.Equal(new PipelineProgress(4, 3, 1, 30, 9, TimeSpan.FromSeconds(3), "judge"), progress.Current);
        Assert.Equal(HtmlRenderer.Progress(progress.Current), progress.Html);
    }
}

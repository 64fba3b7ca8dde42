using Distilabel.Pipeline;
using Distilabel.Rendering;

namespace Distilabel.Notebooks.Tests;

/// <summary>The mapping the notebooks use to feed a pipeline's progress to the live display.</summary>
public sealed class PipelineProgressViewTests
{
    [Fact]
    public void From_copies_every_figure_and_the_title()
    {
        var progress = new PipelineProgress(Total: 10, Completed: 4, Failed: 1, InputTokens: 1200, OutputTokens: 170, Elapsed: TimeSpan.FromSeconds(8));

        var view = PipelineProgressView.From(progress, "helpsteer · gpt-4");

        Assert.Equal(new PipelineProgressView(10, 4, 1, 1200, 170, TimeSpan.FromSeconds(8), "helpsteer · gpt-4"), view);
        Assert.Equal(progress.Succeeded, view.Succeeded);
        Assert.Equal(progress.RowsPerSecond, view.RowsPerSecond);
        Assert.Equal(progress.Eta, view.EstimatedRemaining);
    }

    [Fact]
    public void From_keeps_an_unknown_total_and_no_title()
    {
        var view = PipelineProgressView.From(new PipelineProgress(null, 3, 0, 0, 0, TimeSpan.FromSeconds(1)));

        Assert.Null(view.Total);
        Assert.Null(view.Title);
        Assert.Null(view.Fraction);
        Assert.Contains("3 rows", view.ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_rejects_null() => Assert.Throws<ArgumentNullException>(() => PipelineProgressView.From(null!));
}

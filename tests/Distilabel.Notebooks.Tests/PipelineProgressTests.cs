using Distilabel.Pipeline;

namespace Distilabel.Notebooks.Tests;

/// <summary>The progress record the notebooks feed to the live display, with a title.</summary>
public sealed class PipelineProgressTests
{
    [Fact]
    public void A_title_keeps_every_figure()
    {
        var progress = new PipelineProgress(Total: 10, Completed: 4, Failed: 1, InputTokens: 1200, OutputTokens: 170, Elapsed: TimeSpan.FromSeconds(8));

        var titled = progress with { Title = "helpsteer · gpt-4" };

        Assert.Equal(new PipelineProgress(10, 4, 1, 1200, 170, TimeSpan.FromSeconds(8), "helpsteer · gpt-4"), titled);
        Assert.Equal(3, titled.Succeeded);
        Assert.Equal(0.5, titled.RowsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(12), titled.EstimatedRemaining);
        Assert.Equal(0.4, titled.Fraction);
    }

    [Fact]
    public void An_unknown_total_has_no_fraction_and_no_estimate()
    {
        var progress = new PipelineProgress(null, 3, 0, 0, 0, TimeSpan.FromSeconds(1));

        Assert.Null(progress.Title);
        Assert.Null(progress.Fraction);
        Assert.Null(progress.EstimatedRemaining);
        Assert.Contains("3 rows", progress.ToHtml(), StringComparison.Ordinal);
    }
}

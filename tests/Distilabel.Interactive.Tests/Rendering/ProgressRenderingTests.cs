using Distilabel.Pipeline;
using Distilabel.Rendering;

namespace Distilabel.Interactive.Tests.Rendering;

public class ProgressRenderingTests
{
    [Fact]
    public void Running_progress_matches_baseline()
    {
        var view = new PipelineProgress(1000, 250, 5, 12_345, 6_789, TimeSpan.FromSeconds(50), "helpsteer · gpt-4");

        var html = HtmlRenderer.Progress(view);

        Baseline.Verify("progress-running", html);
        SafeHtml.Assert(html);
        Assert.Contains("250 / 1,000 rows (25%)", html);
        Assert.Contains("5 failed", html);
        Assert.Contains("5.0 rows/s · ETA 2m 30s", html);
        Assert.Contains("tokens in 12,345 · out 6,789 · elapsed 50s", html);
        Assert.Contains("width:24.5%;", html); // succeeded part of the bar
        Assert.Contains("width:0.5%;", html); // failed part
    }

    [Fact]
    public void Progress_is_a_function_of_the_view()
    {
        var view = new PipelineProgress(1000, 250, 5, 12_345, 6_789, TimeSpan.FromSeconds(50));
        var html = HtmlRenderer.Progress(view);

        // Deterministic (no ids, no clock): an equal view built separately renders the same bytes...
        Assert.Equal(html, HtmlRenderer.Progress(new PipelineProgress(1000, 250, 5, 12_345, 6_789, TimeSpan.FromSeconds(50))));
        Assert.Equal(html, view.ToHtml());
        // ...and every figure of the view shows: changing one changes the render where it is shown.
        Assert.Contains("251 / 1,000 rows", HtmlRenderer.Progress(view with { Completed = 251 }));
        Assert.Contains("6 failed", HtmlRenderer.Progress(view with { Failed = 6 }));
        Assert.Contains("tokens in 12,346 ", HtmlRenderer.Progress(view with { InputTokens = 12_346 }));
        Assert.Contains("out 6,790 ", HtmlRenderer.Progress(view with { OutputTokens = 6_790 }));
        Assert.Contains("elapsed 1m 40s", HtmlRenderer.Progress(view with { Elapsed = TimeSpan.FromSeconds(100) }));
        Assert.Contains("250 / 2,000 rows", HtmlRenderer.Progress(view with { Total = 2000 }));
        Assert.DoesNotContain("tokens in 12,346 ", html);
    }

    [Fact]
    public void Finished_progress_says_done()
    {
        var html = HtmlRenderer.Progress(new PipelineProgress(3, 3, 0, 300, 90, TimeSpan.FromSeconds(100)));

        Baseline.Verify("progress-done", html);
        Assert.Contains("3 / 3 rows (100%)", html);
        Assert.Contains("done in 1m 40s", html);
    }

    [Fact]
    public void Unknown_total_has_no_bar_and_no_eta()
    {
        var html = HtmlRenderer.Progress(new PipelineProgress(null, 1, 0, 10, 3, TimeSpan.FromHours(1) + TimeSpan.FromSeconds(62)));

        Assert.DoesNotContain("progressbar", html);
        Assert.Contains("1 row</strong>", html);
        Assert.Contains("ETA unknown", html);
        Assert.Contains("elapsed 1h 01m 02s", html);
    }

    [Fact]
    public void Nothing_done_yet_has_zero_rate_and_unknown_eta()
    {
        var view = new PipelineProgress(10, 0, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(0, view.RowsPerSecond);
        Assert.Null(view.EstimatedRemaining);
        Assert.Contains("0 / 10 rows (0%) </strong>".Replace(" </strong>", "</strong>"), HtmlRenderer.Progress(view));
        Assert.Contains("0.0 rows/s · ETA unknown", HtmlRenderer.Progress(view));
    }

    [Fact]
    public void Derived_figures()
    {
        var view = new PipelineProgress(100, 40, 4, 0, 0, TimeSpan.FromSeconds(20));

        Assert.Equal(36, view.Succeeded);
        Assert.Equal(0.4, view.Fraction);
        Assert.Equal(2.0, view.RowsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(30), view.EstimatedRemaining);
        Assert.False(view.IsFinished);
    }
}

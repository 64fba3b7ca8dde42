using Distilabel.Rendering;

namespace Distilabel.Interactive.Tests.Rendering;

public class ArgillaPushRenderingTests
{
    [Fact]
    public void Push_summary_matches_baseline()
    {
        var summary = new ArgillaPushSummary("HelpSteer-AIF", "admin", "https://argilla.example.org/dataset/42/annotation-mode?a=1&b=\"2\"", 998, 2,
            ["record 17: field 'response' is empty", "record 93: <html> error page"]);

        var html = HtmlRenderer.ArgillaPush(summary);

        Baseline.Verify("argilla-push", html);
        SafeHtml.Assert(html);
        Assert.Contains("href=\"https://argilla.example.org/dataset/42/annotation-mode?a=1&amp;b=%222%22\"", html);
        Assert.Contains("998 records pushed", html);
        Assert.Contains("2 failed", html);
        Assert.Contains("record 93: &lt;html&gt; error page", html);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://argilla.example.org/")]
    [InlineData("argilla.example.org/datasets")]
    public void Only_http_and_https_urls_are_links(string url)
    {
        var html = HtmlRenderer.ArgillaPush(new ArgillaPushSummary("d", "w", url, 1, 0));

        Assert.DoesNotContain("href", html);
        Assert.Contains(Html.Encode(url) + "<span style=\"color:#656d76;\"> (not an http(s) URL: not linked)</span>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Names_are_escaped_and_errors_are_capped()
    {
        var errors = Enumerable.Range(1, 12).Select(i => "error " + i).ToList();
        var html = HtmlRenderer.ArgillaPush(new ArgillaPushSummary("<b>ds</b>", "\"ws\"", null, 1, 12, errors));

        SafeHtml.Assert(html);
        Assert.Contains("&lt;b&gt;ds&lt;/b&gt;", html);
        Assert.Contains("&quot;ws&quot;", html);
        Assert.Contains("error 10</li>", html);
        Assert.DoesNotContain("error 11</li>", html);
        Assert.Contains("… and 2 more", html);
        Assert.Contains("1 record pushed", html);
    }
}

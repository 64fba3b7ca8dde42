using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;
using Distilabel.Rendering;

namespace Distilabel.Interactive.Tests.Rendering;

public class AgreementRenderingTests
{
    [Fact]
    public void The_agreement_table_escapes_names_and_shows_why_a_statistic_is_missing()
    {
        var report = new AgreementReport("<task>", 10, 7,
        [
            new RatingAgreement("correctness", 0, 4, 6, 0.5, 5.0 / 6, 4.0 / 6, 0.7, null, 10.25 / 17, null),
            new RatingAgreement("<b>helpfulness</b>", 0, 4, 3, 1, 1, 0, null, "one value \"everywhere\"", null, "the AI gives the same value to every pair"),
        ]);

        var html = HtmlRenderer.Agreement(report);

        SafeHtml.Assert(html);
        Assert.Contains("aria-label=\"AI and human agreement\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;task&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;helpfulness&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains(">50.0%<", html, StringComparison.Ordinal);
        Assert.Contains(">83.3%<", html, StringComparison.Ordinal);
        Assert.Contains(">0.667<", html, StringComparison.Ordinal);
        Assert.Contains(">0.700<", html, StringComparison.Ordinal);
        Assert.Contains(">0.603<", html, StringComparison.Ordinal);
        Assert.Contains("title=\"one value &quot;everywhere&quot;\"", html, StringComparison.Ordinal);
        Assert.Contains("10 records, 7 answered", html, StringComparison.Ordinal);
        Assert.Equal(html, report.ToHtml());
    }
}

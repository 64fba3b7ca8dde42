using Distilabel.Rendering;

namespace Distilabel.Interactive.Tests.Rendering;

public class HtmlTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")]
    [InlineData("a & b \"quoted\"", "a &amp; b &quot;quoted&quot;")]
    [InlineData("line1\r\nline2\rline3\n\ttab", "line1\nline2\nline3\n\ttab")]
    [InlineData("café 日本 🙂", "café 日本 🙂")]
    [InlineData("nul\0bell\u0007c1\u0085", "nul\uFFFDbell\uFFFDc1\uFFFD")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Encode_escapes_markup_and_replaces_characters_html_cannot_carry(string? text, string expected)
        => Assert.Equal(expected, Html.Encode(text));

    [Fact]
    public void Encode_replaces_lone_surrogates_and_keeps_pairs()
    {
        var text = "lone " + '\uD800' + " pair " + "\uD83D\uDE42" + " low " + '\uDC00';
        Assert.Equal("lone \uFFFD pair \uD83D\uDE42 low \uFFFD", Html.Encode(text));
    }

    [Theory]
    [InlineData("https://argilla.example.org/dataset/1", "https://argilla.example.org/dataset/1")]
    [InlineData("  HTTP://Example.org/a b?q=\"1\"  ", "http://example.org/a%20b?q=%221%22")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("JaVaScRiPt:alert(1)", null)]
    [InlineData("data:text/html,<script>alert(1)</script>", null)]
    [InlineData("file:///etc/passwd", null)]
    [InlineData("/relative/path", null)]
    [InlineData("not a url", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void SafeHttpUrl_only_accepts_absolute_http_and_https(string? url, string? expected)
        => Assert.Equal(expected, Html.SafeHttpUrl(url));
}

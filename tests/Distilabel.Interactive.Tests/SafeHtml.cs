using System.Text.RegularExpressions;

namespace Distilabel.Interactive.Tests;

/// <summary>
/// Structural check of rendered HTML: every '&lt;' starts a tag the renderers write (from a short list), every
/// attribute is from a short list and double-quoted without raw quotes or angle brackets inside. Text that
/// slipped through unescaped (a &lt;script&gt;, an &lt;img onerror&gt;, a broken attribute) fails it.
/// </summary>
internal static partial class SafeHtml
{
    private static readonly HashSet<string> Tags =
    [
        "div", "span", "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "br", "code", "strong", "a", "pre", "ul", "li",
    ];

    private static readonly HashSet<string> Attributes = ["style", "title", "role", "href", "target", "rel", "aria-label", "aria-valuemin", "aria-valuemax", "aria-valuenow"];

    public static void Assert(string html)
    {
        for (var i = html.IndexOf('<'); i >= 0; i = html.IndexOf('<', i + 1))
        {
            var close = CloseTag().Match(html, i);
            if (close.Success && close.Index == i)
            {
                Xunit.Assert.Contains(close.Groups["tag"].Value, Tags);
                continue;
            }

            var open = OpenTag().Match(html, i);
            Xunit.Assert.True(open.Success && open.Index == i, "Unexpected markup at " + i + ": " + html.Substring(i, Math.Min(80, html.Length - i)));
            Xunit.Assert.Contains(open.Groups["tag"].Value, Tags);
            foreach (Capture name in open.Groups["name"].Captures)
                Xunit.Assert.Contains(name.Value, Attributes);
            foreach (Capture value in open.Groups["value"].Captures)
                Xunit.Assert.DoesNotMatch("javascript:|data:", value.Value.ToLowerInvariant());
        }

        Xunit.Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Xunit.Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("""\G</(?<tag>[a-z]+)>""")]
    private static partial Regex CloseTag();

    [GeneratedRegex("""\G<(?<tag>[a-z]+)(?:\s(?<name>[a-z-]+)="(?<value>[^"<>]*)")*>""")]
    private static partial Regex OpenTag();
}

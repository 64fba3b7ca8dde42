using Microsoft.CodeAnalysis.Text;

namespace Distilabel.Generators.Tests.Infrastructure;

/// <summary>Source text with one <c>[|…|]</c> marker around the span a diagnostic must point at.</summary>
internal sealed record MarkedSource(string Text, TextSpan Span)
{
    public static MarkedSource Parse(string marked)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start || marked.IndexOf("[|", start + 2, StringComparison.Ordinal) >= 0)
            throw new ArgumentException("Mark exactly one span with [|...|].", nameof(marked));
        var text = marked[..start] + marked[(start + 2)..end] + marked[(end + 2)..];
        return new MarkedSource(text, new TextSpan(start, end - start - 2));
    }
}

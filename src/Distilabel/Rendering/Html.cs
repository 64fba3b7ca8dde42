using System.Globalization;
using System.Text;

namespace Distilabel.Rendering;

/// <summary>
/// The HTML encoder every renderer uses for dataset, LLM and task text. Stricter than
/// <see cref="System.Net.WebUtility.HtmlEncode(string)"/> where it matters: it escapes the five markup
/// characters (so its output is safe in element content and in double- or single-quoted attributes),
/// and replaces control characters and lone surrogates (which HTML cannot carry faithfully) with U+FFFD.
/// Other characters, non-ASCII text included, are kept as they are.
/// </summary>
public static class Html
{
    private const char Replacement = '\uFFFD';

    /// <summary>Escapes <paramref name="text"/> for element content or a quoted attribute value. Null gives "".</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        if (!NeedsEncoding(text))
            return text;
        var sb = new StringBuilder(text.Length + 16);
        AppendEncoded(sb, text);
        return sb.ToString();
    }

    /// <summary>
    /// The absolute http or https URL in <paramref name="url"/>, normalised and ready for an <c>href</c>
    /// (still to be encoded), or null for anything else (javascript:, data:, relative, malformed).
    /// </summary>
    public static string? SafeHttpUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            return null;
        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;
    }

    internal static void AppendEncoded(StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t' or '\n': sb.Append(c); break;
                case '\r':
                    // HTML normalises CR LF and lone CR to LF; do it here so the text is the same everywhere.
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                        break;
                    sb.Append('\n');
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c) || IsControl(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        sb.Append(Replacement);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }

    private static bool NeedsEncoding(string text)
    {
        foreach (var c in text)
        {
            if (c is '&' or '<' or '>' or '"' or '\'' or '\r' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c) || (IsControl(c) && c is not ('\t' or '\n')))
                return true;
        }

        return false;
    }

    private static bool IsControl(char c) => c < ' ' || (c >= '\u007F' && c <= '\u009F');

    /// <summary>Invariant-culture number with thousands separators: 12,345.</summary>
    internal static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A CSS percentage with at most one decimal: 42.5%.</summary>
    internal static string Percent(double fraction)
    {
        var clamped = double.IsFinite(fraction) ? Math.Clamp(fraction, 0, 1) : 0;
        return (clamped * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>A duration for people: 45s, 2m 05s, 1h 02m 03s.</summary>
    internal static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
            value = TimeSpan.Zero;
        var totalSeconds = (long)Math.Round(value.TotalSeconds, MidpointRounding.AwayFromZero);
        var hours = totalSeconds / 3600;
        var minutes = totalSeconds / 60 % 60;
        var seconds = totalSeconds % 60;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}h {minutes:00}m {seconds:00}s")
            : minutes > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m {seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
    }

    internal static string Plural(long count, string singular, string plural) => Count(count) + " " + (count == 1 ? singular : plural);
}

using System.Text;

namespace Distilabel.LlamaCpp;

/// <summary>Finds where an answer hits one of its stop sequences.</summary>
internal static class StopSequences
{
    /// <summary>Where the first stop sequence that ends after <paramref name="from"/> starts, or null.</summary>
    public static int? Find(StringBuilder text, int from, string[] stops)
    {
        var longest = stops.Max(s => s.Length);
        var windowStart = Math.Max(0, from - longest + 1);
        var window = text.ToString(windowStart, text.Length - windowStart);
        int? best = null;
        foreach (var stop in stops)
        {
            var index = window.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (best is null || windowStart + index < best))
                best = windowStart + index;
        }

        return best;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Distilabel.Tasks.Library;

/// <summary>Small readers shared by the open judges' trained answer formats. None of them throws.</summary>
internal static partial class JudgeAnswers
{
    /// <summary>The first whole number in <paramref name="text"/> as digits ("4 (Very Good)", "4/5" give "4"), or null when it has none.</summary>
    public static string? FirstInteger(string? text)
    {
        if (text is null)
            return null;
        var match = Integer().Match(text);
        return match.Success ? match.Value : null;
    }

    /// <summary>A score as an integer rating: a decimal one ("8.5") rounded half away from zero; null when it is no number.</summary>
    public static string? RoundedScore(string token)
        => double.TryParse(token, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? ((int)Math.Round(value, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture)
            : null;

    /// <summary>Lines with \r removed.</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>A GBNF string literal.</summary>
    public static string Gbnf(string literal)
        => "\"" + literal.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"\d+")]
    private static partial Regex Integer();
}

using System.Text.RegularExpressions;

namespace Distilabel.Llms;

/// <summary>Removes secrets from text before it reaches an exception message, a log or a dataset.</summary>
internal static partial class SecretScrubber
{
    public const string Mask = "***";

    /// <summary>Replaces every known secret, then anything shaped like an API key or bearer token.</summary>
    public static string Scrub(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? "";
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return KeyShaped().Replace(text, m => m.Groups["prefix"].Value + Mask);
    }

    /// <summary>Whether <paramref name="text"/> contains one of the secrets.</summary>
    public static bool Contains(string? text, string? secret) =>
        !string.IsNullOrEmpty(text) && !string.IsNullOrEmpty(secret) && secret.Length >= 4 && text.Contains(secret, StringComparison.Ordinal);

    // OpenAI keys (sk-…, sk-proj-…), Hugging Face tokens (hf_…, api_org_…) and "Bearer <token>".
    [GeneratedRegex(@"(?<prefix>\bBearer\s+)\S+|(?<prefix>)\b(?:sk-|hf_|api_org_)[A-Za-z0-9_\-]{6,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KeyShaped();
}

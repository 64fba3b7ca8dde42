using System.Text.Json;

namespace Distilabel.Tasks.Library;

/// <summary>
/// Reads one round's answer of <see cref="EvolInstruct"/> and applies WizardLM's elimination rules for failed evolutions
/// (the ones that need no second LLM): an empty answer, a refusal, text that is only punctuation, a copy of the
/// template's markers, and no change from the instruction it evolved. Never throws.
/// </summary>
internal static class EvolutionElimination
{
    /// <summary>A refusal is short: a long answer that says "sorry" somewhere is still an instruction.</summary>
    private const int RefusalMaxWords = 80;

    /// <summary>The evolved instruction, or null with the reason it was eliminated.</summary>
    public static (string? Instruction, string? Reason) Read(string? answer, string source)
    {
        var text = Extract(answer ?? "");
        if (text.Length == 0)
            return (null, "empty");
        if (text.Contains("sorry", StringComparison.OrdinalIgnoreCase) && text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length < RefusalMaxWords)
            return (null, "refusal");
        if (text.All(c => char.IsPunctuation(c) || char.IsSymbol(c) || char.IsWhiteSpace(c)))
            return (null, "no content (punctuation only)");
        if (EvolutionTemplates.Markers.FirstOrDefault(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } marker)
            return (null, $"copies the template's marker '{marker}'");
        if (Normalize(text) == Normalize(source))
            return (null, "no change");
        return (text, null);
    }

    /// <summary>
    /// The answer after the last section marker the model repeated (<c>…#Rewritten Prompt#:</c>), trimmed; a JSON answer
    /// (structured outputs) gives its <c>evolved_instruction</c>.
    /// </summary>
    private static string Extract(string answer)
    {
        var text = answer.Trim();
        if (text.StartsWith('{') && TryReadJson(text, out var fromJson))
            return fromJson;
        var marker = text.LastIndexOf("Prompt#:", StringComparison.OrdinalIgnoreCase);
        if (marker >= 0)
            text = text[(marker + "Prompt#:".Length)..];
        return text.Trim();
    }

    private static bool TryReadJson(string text, out string value)
    {
        value = "";
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("evolved_instruction", out var property) && property.ValueKind == JsonValueKind.String)
            {
                value = property.GetString()!.Trim();
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: read as text.
        }

        return false;
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}

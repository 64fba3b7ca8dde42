using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Carries a GBNF grammar (llama.cpp's grammar format) on <see cref="ChatOptions"/>, in
/// <see cref="ChatOptions.AdditionalProperties"/> under <see cref="GrammarKey"/>.
/// The llama.cpp engine (<c>Distilabel.LlamaCpp.LlamaCppChatClient</c>) constrains decoding with it; a client made by
/// <see cref="OpenAIChatClients.CreateCompatible"/> sends it to the server in the request field named by
/// <see cref="OpenAICompatibleOptions.GrammarField"/> (llama.cpp server: <c>"grammar"</c>); other clients ignore it.
/// </summary>
public static class GrammarChatOptionsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that holds the GBNF grammar (a string).</summary>
    public const string GrammarKey = "distilabel.grammar";

    /// <summary>Sets the grammar on <paramref name="options"/> and returns it. The start rule must be named <c>root</c>.</summary>
    public static ChatOptions WithGrammar(this ChatOptions options, string gbnf)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(gbnf);
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[GrammarKey] = gbnf;
        return options;
    }

    /// <summary>The grammar set with <see cref="WithGrammar"/>, or null.</summary>
    public static string? GetGrammar(this ChatOptions? options) =>
        options?.AdditionalProperties is { } properties && properties.TryGetValue(GrammarKey, out var value) && value is string gbnf && !string.IsNullOrWhiteSpace(gbnf)
            ? gbnf
            : null;
}

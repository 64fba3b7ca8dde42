namespace Distilabel.Llms;

/// <summary>Settings of a client made by <see cref="OpenAIChatClients"/>.</summary>
public sealed class OpenAICompatibleOptions
{
    /// <summary>
    /// The environment variable that holds the API key when none is passed. Defaults: <c>OPENAI_API_KEY</c> for
    /// <see cref="OpenAIChatClients.CreateOpenAI"/>, <c>HF_TOKEN</c> for <see cref="OpenAIChatClients.CreateHuggingFace"/>,
    /// none for <see cref="OpenAIChatClients.CreateCompatible"/> (local servers usually need no key). When it is named
    /// here, the key becomes required: an unset variable is a <see cref="LlmConfigurationException"/> naming it.
    /// </summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>
    /// The top-level request field that carries a grammar set with <see cref="GrammarChatOptionsExtensions.WithGrammar"/>
    /// (<c>"grammar"</c> for llama.cpp's server; <c>"guided_grammar"</c> for older vLLM). Null (the default) sends no
    /// grammar: OpenAI and some servers reject unknown fields.
    /// </summary>
    public string? GrammarField { get; set; }

    /// <summary>
    /// The SDK's network timeout per HTTP request (default: the SDK's, 100 s). Prefer <see cref="TimeoutChatClient"/>:
    /// <see cref="LlmClients"/> turns this one off (infinite) when its request timeout is on.
    /// </summary>
    public TimeSpan? NetworkTimeout { get; set; }
}

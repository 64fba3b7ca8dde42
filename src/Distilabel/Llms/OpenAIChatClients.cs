using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Distilabel.Llms;

/// <summary>
/// Makes <see cref="IChatClient"/>s for OpenAI and for any server that speaks OpenAI's chat-completions API
/// (vLLM, TGI, llama.cpp server, Ollama, Hugging Face Inference Endpoints and router). The OpenAI SDK's own retries
/// are off, so <see cref="RetryingChatClient"/> is the single retry layer. The returned client turns a rejected key,
/// an unknown model or an unreachable server into an <see cref="LlmConfigurationException"/> that names the server
/// (never the key), and throws <see cref="LlmContentException"/> for an answer without choices.
/// </summary>
/// <example>
/// <code>
/// var usage = new UsageCounter();
/// IChatClient judge = OpenAIChatClients.CreateCompatible("http://localhost:8080/v1", "qwen2.5")
///     .AsBuilder().UseRetry().UseRequestTimeout(TimeSpan.FromMinutes(2)).UseUsageTracking(usage).Build();
/// </code>
/// </example>
public static class OpenAIChatClients
{
    /// <summary>OpenAI's API.</summary>
    public const string OpenAIBaseUrl = "https://api.openai.com/v1";

    /// <summary>Hugging Face's OpenAI-compatible inference router.</summary>
    public const string HuggingFaceRouterUrl = "https://router.huggingface.co/v1";

    /// <summary>The variable read for an OpenAI key.</summary>
    public const string OpenAIApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>The variable read for a Hugging Face token.</summary>
    public const string HuggingFaceTokenVariable = "HF_TOKEN";

    /// <summary>The key sent to a server that needs none (the SDK insists on one).</summary>
    private const string NoKey = "no-key";

    /// <summary>A client for OpenAI. The key comes from <paramref name="apiKey"/> or <c>OPENAI_API_KEY</c>.</summary>
    /// <exception cref="LlmConfigurationException">No key was given and the variable is unset.</exception>
    public static IChatClient CreateOpenAI(string model, string? apiKey = null, OpenAICompatibleOptions? options = null) =>
        Create(OpenAIBaseUrl, model, apiKey, options, defaultKeyVariable: OpenAIApiKeyVariable);

    /// <summary>
    /// A client for an OpenAI-compatible server at <paramref name="baseUrl"/> (e.g. <c>http://localhost:8000/v1</c>;
    /// a URL without a path gets <c>/v1</c>). The key is optional unless <see cref="OpenAICompatibleOptions.ApiKeyEnvironmentVariable"/> names one.
    /// </summary>
    public static IChatClient CreateCompatible(string baseUrl, string model, string? apiKey = null, OpenAICompatibleOptions? options = null) =>
        Create(baseUrl, model, apiKey, options, defaultKeyVariable: null);

    /// <summary>
    /// A client for a Hugging Face Inference Endpoint (<paramref name="endpointUrl"/>) or, by default, the Hugging Face
    /// router. The token comes from <paramref name="apiKey"/> or <c>HF_TOKEN</c>.
    /// </summary>
    public static IChatClient CreateHuggingFace(string model, string? endpointUrl = null, string? apiKey = null, OpenAICompatibleOptions? options = null) =>
        Create(endpointUrl ?? HuggingFaceRouterUrl, model, apiKey, options, defaultKeyVariable: HuggingFaceTokenVariable);

    private static IChatClient Create(string baseUrl, string model, string? apiKey, OpenAICompatibleOptions? options, string? defaultKeyVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        options ??= new OpenAICompatibleOptions();
        var endpoint = NormalizeBaseUrl(baseUrl);
        var displayUrl = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');

        var keyVariable = options.ApiKeyEnvironmentVariable ?? defaultKeyVariable;
        var key = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        if (key is null && keyVariable is not null)
        {
            key = Environment.GetEnvironmentVariable(keyVariable);
            if (string.IsNullOrWhiteSpace(key))
                throw new LlmConfigurationException($"No API key for {displayUrl}: pass one, or set the environment variable {keyVariable}.");
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = NoRetryPolicy.Instance,
        };
        clientOptions.Transport = OpenAIHttpTransport.For(endpoint);
        // Nobody listens to the SDK's logs or traces (we pass no logger factory); without the policies no request pays for them.
        clientOptions.ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false, EnableMessageContentLogging = false };
        clientOptions.EnableDistributedTracing = false;
        if (options.NetworkTimeout is { } networkTimeout)
            clientOptions.NetworkTimeout = networkTimeout;

        var chat = new OpenAIClient(new ApiKeyCredential(key ?? NoKey), clientOptions).GetChatClient(model);
        return new OpenAIErrorTranslatingChatClient(new OpenAIProtocolChatClient(chat, model, options.GrammarField), displayUrl, model, key, keyVariable);
    }

    internal static Uri NormalizeBaseUrl(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new LlmConfigurationException($"'{LlmErrors.Short(baseUrl)}' is not an http(s) URL of an OpenAI-compatible server (e.g. http://localhost:8000/v1).");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new LlmConfigurationException("Put the API key in the key option or an environment variable, not in the server URL.");
        if (uri.AbsolutePath is "" or "/")
            uri = new Uri(uri, "/v1");
        return uri;
    }
}

using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Distilabel.Llms;

/// <summary>
/// The outer layer of a client made by <see cref="OpenAIChatClients"/> (over <see cref="OpenAIProtocolChatClient"/>):
/// turns configuration failures into <see cref="LlmConfigurationException"/> naming the server, an answer without
/// choices into <see cref="LlmContentException"/>, and makes sure the API key never reaches an exception.
/// </summary>
internal sealed class OpenAIErrorTranslatingChatClient : DelegatingChatClient
{
    private const string NoChoiceKind = "The server answered without any choice";

    private readonly string _displayUrl;
    private readonly string _model;
    private readonly string? _apiKey;
    private readonly string? _keyVariable;

    public OpenAIErrorTranslatingChatClient(IChatClient inner, string displayUrl, string model, string? apiKey, string? keyVariable)
        : base(inner)
    {
        _displayUrl = displayUrl;
        _model = model;
        _apiKey = apiKey;
        _keyVariable = keyVariable;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }

        if (response.Messages.Count == 0 || (response.RawRepresentation is ChatCompletion completion && completion.Content.Count == 0 && response.FinishReason is null))
            throw new LlmContentException($"The server at {_displayUrl} answered without any choice.", kind: NoChoiceKind);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        break;
                }
                catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString() => $"OpenAI-compatible chat client for '{_model}' at {_displayUrl}";

    /// <summary>The exception to throw instead of <paramref name="exception"/>, or null to rethrow it unchanged.</summary>
    private Exception? Translate(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            return null;
        if (exception is LlmConfigurationException or LlmContentException or LlmTimeoutException)
            return null;

        // OpenAI 2.15 reads choices[0] of a completion unguarded: an answer with "choices": [] surfaces as an index error
        // (thrown from the SDK or from Microsoft.Extensions.AI's adapter, so the stack is no reliable witness).
        if (exception is ArgumentOutOfRangeException or IndexOutOfRangeException)
            return new LlmContentException($"The server at {_displayUrl} answered without any choice.", exception, NoChoiceKind);

        var error = LlmErrors.Classify(exception);
        if (error.Category == LlmErrorCategory.Configuration)
            return new LlmConfigurationException(Scrub(DescribeConfigurationError(error)), error.StatusCode);

        if (!SecretScrubber.Contains(exception.ToString(), _apiKey))
            return null;

        // The server echoed the key back (some do in their error text): rethrow a copy without it.
        return exception is ClientResultException result
            ? new ClientResultException(Scrub(result.Message), result.GetRawResponse())
            : new HttpRequestException(Scrub(exception.Message));
    }

    private string DescribeConfigurationError(LlmError error)
    {
        var detail = ServerDetail(error.Reason);
        return error.StatusCode switch
        {
            401 => $"The server at {_displayUrl} rejected the API key (401)."
                   + (_apiKey is null ? " No key was given: pass one" + (_keyVariable is null ? "." : $" or set {_keyVariable}.") : _keyVariable is null ? "" : $" Check the key (e.g. in {_keyVariable}).")
                   + detail,
            403 => $"The server at {_displayUrl} refused access to the model '{_model}' with this API key (403).{detail}",
            404 => $"The server at {_displayUrl} does not know the model '{_model}' or the chat-completions endpoint (404). Check the model name and the base URL (most servers expect it to end in /v1).{detail}",
            { } status => $"The server at {_displayUrl} refused the request ({status}).{detail}",
            null => $"Cannot reach the LLM server at {_displayUrl}: {error.Reason}. Is it running, and is the URL right?",
        };
    }

    private static string ServerDetail(string reason)
    {
        var colon = reason.IndexOf("): ", StringComparison.Ordinal);
        return colon < 0 ? "" : " The server said: " + reason[(colon + 3)..];
    }

    private string Scrub(string text) => SecretScrubber.Scrub(text, _apiKey);
}

#pragma warning disable SCME0001 // JsonPatch is experimental; it is the SDK's way to add a field the model does not know.
using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Distilabel.Llms;

/// <summary>
/// The innermost layer of a client made by <see cref="OpenAIChatClients"/>: sends a grammar in the configured request
/// field (through <see cref="GrammarFieldPolicy"/>), turns configuration failures into <see cref="LlmConfigurationException"/> naming the server, an answer
/// without choices into <see cref="LlmContentException"/>, and makes sure the API key never reaches an exception.
/// </summary>
internal sealed class OpenAIErrorTranslatingChatClient : DelegatingChatClient
{
    private const string NoChoiceKind = "The server answered without any choice";

    private readonly string _displayUrl;
    private readonly string _model;
    private readonly string? _apiKey;
    private readonly string? _keyVariable;
    private readonly byte[]? _grammarPath;
    private StrongBox<(string Grammar, BinaryData Json)>? _lastGrammar;

    public OpenAIErrorTranslatingChatClient(IChatClient inner, string displayUrl, string model, string? apiKey, string? keyVariable, string? grammarField)
        : base(inner)
    {
        _displayUrl = displayUrl;
        _model = model;
        _apiKey = apiKey;
        _keyVariable = keyVariable;
        _grammarPath = string.IsNullOrWhiteSpace(grammarField) ? null : Encoding.UTF8.GetBytes("$." + grammarField);
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The grammar travels to GrammarFieldPolicy on this async flow (set here, it never reaches the caller's flow).
        var grammar = _grammarPath is null ? null : options.GetGrammar();
        GrammarFieldPolicy.Current = grammar is null ? null : EncodedGrammar(grammar);
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
        // A stream sends its grammar through the SDK's patch (rare: labelling asks without streaming).
        GrammarFieldPolicy.Current = null;
        var enumerator = base.GetStreamingResponseAsync(messages, WithGrammarField(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
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

    /// <summary>The options of a streaming request, with the grammar set in the SDK's patch of the request body.</summary>
    private ChatOptions? WithGrammarField(ChatOptions? options)
    {
        if (_grammarPath is null || options.GetGrammar() is not { } gbnf)
            return options;
        var path = _grammarPath;
        var json = EncodedGrammar(gbnf);
        var original = options!.RawRepresentationFactory;
        var patched = options.Clone();
        patched.RawRepresentationFactory = client =>
        {
            var raw = original?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            raw.Patch.Set(path, json);
            return raw;
        };
        return patched;
    }

    /// <summary>
    /// The grammar as a JSON string, encoded once: a run sends the same grammar with every request, and escaping its
    /// quotes and newlines again per request would cost a few microseconds each.
    /// </summary>
    private BinaryData EncodedGrammar(string gbnf)
    {
        var last = Volatile.Read(ref _lastGrammar);
        if (last is not null && ReferenceEquals(last.Value.Grammar, gbnf))
            return last.Value.Json;
        var json = BinaryData.FromBytes(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(gbnf));
        Volatile.Write(ref _lastGrammar, new StrongBox<(string, BinaryData)>((gbnf, json)));
        return json;
    }

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

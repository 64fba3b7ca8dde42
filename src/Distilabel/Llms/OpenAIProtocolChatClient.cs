#pragma warning disable SCME0001 // JsonPatch is experimental; it is the SDK's way to add a field the model does not know.
using System.Buffers;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Distilabel.Llms;

/// <summary>
/// The OpenAI chat-completions client under <see cref="OpenAIChatClients"/>: the chats our steps send (text messages,
/// sampling options, a JSON-schema response format, a grammar) go through the OpenAI SDK's protocol method
/// (<see cref="ChatClient.CompleteChatAsync(BinaryContent, RequestOptions)"/>: the SDK's pipeline, key, transport and
/// errors) with a body written in one pass (<see cref="ChatCompletionRequest"/>) and an answer read in one pass
/// (<see cref="ChatCompletionResponse"/>). Anything else (tools, other content, streaming) goes through
/// Microsoft.Extensions.AI's adapter of the same SDK client.
/// </summary>
/// <remarks>
/// Why: per request, the SDK's models and the adapter's conversions cost more CPU than the rest of a labelling row
/// (a body written as a model, patched for the grammar and written again; a response parsed into a document, then into
/// the SDK's model, then into Microsoft.Extensions.AI's). bench/README.md has the figures.
/// </remarks>
internal sealed class OpenAIProtocolChatClient : IChatClient
{
    private readonly ChatClient _chat;
    private readonly IChatClient _adapter;
    private readonly string _model;
    private readonly string? _grammarField;
    private readonly byte[]? _grammarPath;
    private StrongBox<(string Grammar, byte[] Json)>? _lastGrammar;

    /// <param name="chat">The SDK's chat client.</param>
    /// <param name="model">The model asked.</param>
    /// <param name="grammarField">The request field that carries a grammar (<see cref="GrammarChatOptionsExtensions"/>); null sends none.</param>
    public OpenAIProtocolChatClient(ChatClient chat, string model, string? grammarField)
    {
        _chat = chat;
        _adapter = chat.AsIChatClient();
        _model = model;
        _grammarField = string.IsNullOrWhiteSpace(grammarField) ? null : grammarField;
        _grammarPath = _grammarField is null ? null : System.Text.Encoding.UTF8.GetBytes("$." + _grammarField);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (!ChatCompletionRequest.IsSupported(messages, options))
            return await _adapter.GetResponseAsync(messages, WithGrammarField(options), cancellationToken).ConfigureAwait(false);

        using var body = new RentedContent();
        var grammar = _grammarField is null ? null : options.GetGrammar();
        ChatCompletionRequest.Write(body, _model, messages, options, _grammarField, grammar is null ? default : EncodedGrammar(grammar));
        var result = await _chat.CompleteChatAsync(body, new RequestOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        return ChatCompletionResponse.Read(result.GetRawResponse().Content.ToMemory().Span);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => _adapter.GetStreamingResponseAsync(messages, WithGrammarField(options), cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _adapter.GetService(serviceType, serviceKey);

    public void Dispose() => _adapter.Dispose();

    /// <summary>The options of a request the adapter sends, with the grammar set in the SDK's patch of the request body.</summary>
    private ChatOptions? WithGrammarField(ChatOptions? options)
    {
        if (_grammarPath is null || options.GetGrammar() is not { } gbnf)
            return options;
        var path = _grammarPath;
        var json = BinaryData.FromBytes(EncodedGrammar(gbnf));
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
    private byte[] EncodedGrammar(string gbnf)
    {
        var last = Volatile.Read(ref _lastGrammar);
        if (last is not null && ReferenceEquals(last.Value.Grammar, gbnf))
            return last.Value.Json;
        var json = ChatCompletionRequest.EncodeString(gbnf);
        Volatile.Write(ref _lastGrammar, new StrongBox<(string, byte[])>((gbnf, json)));
        return json;
    }

    /// <summary>A request body written into a pooled buffer, returned once the request is done.</summary>
    private sealed class RentedContent : BinaryContent, IBufferWriter<byte>
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(8192);
        private int _length;

        public void Advance(int count) => _length += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _buffer.AsMemory(_length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _buffer.AsSpan(_length);
        }

        public override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }

        public override void WriteTo(Stream stream, CancellationToken cancellationToken = default) => stream.Write(_buffer, 0, _length);

        public override Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default) => stream.WriteAsync(_buffer, 0, _length, cancellationToken);

        public override void Dispose()
        {
            var buffer = Interlocked.Exchange(ref _buffer, []);
            if (buffer.Length > 0)
                ArrayPool<byte>.Shared.Return(buffer);
        }

        private void Grow(int sizeHint)
        {
            if (_buffer.Length - _length >= Math.Max(sizeHint, 256))
                return;
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + sizeHint));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}

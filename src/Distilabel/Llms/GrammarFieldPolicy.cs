using System.Buffers;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;

namespace Distilabel.Llms;

/// <summary>
/// Sends the grammar of the request on this async flow (<see cref="Current"/>, set by
/// <see cref="OpenAIErrorTranslatingChatClient"/>) as a top-level field of the JSON body (<c>"grammar"</c> for
/// llama.cpp's server): the body the SDK wrote, its closing brace replaced by <c>,"field":&lt;grammar&gt;}</c>.
/// </summary>
/// <remarks>
/// The SDK's own way (<c>ChatCompletionOptions.Patch</c>) costs 10–20 µs a request on a 3 KB body, about a third of the
/// whole SDK call: a patched model is written, parsed and written again. Appending the field to the finished body is a
/// copy. The grammar comes pre-encoded as a JSON string, so nothing is escaped per request either.
/// </remarks>
internal sealed class GrammarFieldPolicy : PipelinePolicy
{
    private static readonly AsyncLocal<BinaryData?> CurrentGrammar = new();
    private readonly byte[] _prefix;

    /// <param name="field">The top-level request field, e.g. <c>grammar</c>.</param>
    public GrammarFieldPolicy(string field)
    {
        _prefix = Encoding.UTF8.GetBytes("," + System.Text.Json.JsonSerializer.Serialize(field) + ":");
    }

    /// <summary>The grammar (a JSON string) to send with the requests of this async flow; null sends none.</summary>
    public static BinaryData? Current
    {
        get => CurrentGrammar.Value;
        set => CurrentGrammar.Value = value;
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddField(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddField(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void AddField(PipelineMessage message)
    {
        if (Current is { } grammar && message.Request.Content is { } body)
            message.Request.Content = new WithField(body, _prefix, grammar);
    }

    /// <summary>A JSON object body with one more field at its end, written once into a pooled buffer.</summary>
    private sealed class WithField(BinaryContent body, byte[] prefix, BinaryData value) : BinaryContent
    {
        private byte[]? _buffer;
        private int _length;

        public override bool TryComputeLength(out long length)
        {
            length = Materialize().Length;
            return true;
        }

        public override void WriteTo(Stream stream, CancellationToken cancellationToken = default)
            => stream.Write(Materialize().Span);

        public override async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
            => await stream.WriteAsync(Materialize(), cancellationToken).ConfigureAwait(false);

        public override void Dispose()
        {
            body.Dispose();
            if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
                ArrayPool<byte>.Shared.Return(buffer);
        }

        private ReadOnlyMemory<byte> Materialize()
        {
            if (_buffer is not null)
                return _buffer.AsMemory(0, _length);

            // The body is written straight into the pooled buffer (the SDK knows its length), then the field goes over
            // its closing brace.
            var extra = value.ToMemory().Span;
            byte[] buffer;
            int written;
            if (body.TryComputeLength(out var bodyLength) && bodyLength < int.MaxValue / 2)
            {
                buffer = ArrayPool<byte>.Shared.Rent((int)bodyLength + prefix.Length + extra.Length + 1);
                using var stream = new MemoryStream(buffer, 0, buffer.Length, writable: true, publiclyVisible: true);
                body.WriteTo(stream);
                written = (int)stream.Position;
            }
            else
            {
                using var stream = new MemoryStream();
                body.WriteTo(stream);
                written = (int)stream.Length;
                buffer = ArrayPool<byte>.Shared.Rent(written + prefix.Length + extra.Length + 1);
                stream.GetBuffer().AsSpan(0, written).CopyTo(buffer);
            }

            var json = buffer.AsSpan(0, written).TrimEnd(" \t\r\n"u8);
            if (json.Length < 2 || json[^1] != (byte)'}')
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw new InvalidOperationException("The request body is not a JSON object; cannot add the grammar field.");
            }

            // An empty object takes the field without the comma.
            var end = json.Length - 1;
            ReadOnlySpan<byte> field = json[..end].TrimEnd(" \t\r\n"u8)[^1] == (byte)'{' ? prefix.AsSpan(1) : prefix;
            field.CopyTo(buffer.AsSpan(end));
            extra.CopyTo(buffer.AsSpan(end + field.Length));
            buffer[end + field.Length + extra.Length] = (byte)'}';
            _length = end + field.Length + extra.Length + 1;
            _buffer = buffer;
            return buffer.AsMemory(0, _length);
        }
    }
}

using System.Buffers;
using System.Security.Cryptography;
using Distilabel.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// The exact <c>/v1/chat/completions</c> body the online path sends for a chat and its options
/// (<see cref="ChatCompletionRequest"/>, as <see cref="OpenAIChatClients"/>' clients write it), so a batch request line
/// asks precisely what the online request would. No grammar field: the Batch API is OpenAI's (or a server that
/// mirrors it), which knows none.
/// </summary>
internal sealed class ChatRequestBodies(string model)
{
    /// <summary>The body's UTF-8 JSON.</summary>
    /// <exception cref="NotSupportedException">The chat holds more than text messages and sampling options (a step never asks that).</exception>
    public byte[] Body(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (!ChatCompletionRequest.IsSupported(messages, options))
            throw new NotSupportedException("a batch request holds text messages and sampling options only");
        var body = new ArrayBufferWriter<byte>(4096);
        ChatCompletionRequest.Write(body, model, messages, options, grammarField: null, default);
        return body.WrittenSpan.ToArray();
    }

    /// <summary>The hash that matches a batch answer to the request a step makes (the first 128 bits of the body's SHA-256, hex).</summary>
    public static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body))[..32];
}

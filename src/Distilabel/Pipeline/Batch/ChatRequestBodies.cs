using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// The exact <c>/v1/chat/completions</c> body the OpenAI SDK sends for a chat and its options, so a batch request line
/// asks precisely what the online path would. The SDK's chat client runs against a transport that keeps the body and
/// answers a canned completion; nothing leaves the process.
/// </summary>
internal sealed class ChatRequestBodies : IDisposable
{
    private static readonly AsyncLocal<StrongBox<byte[]?>?> Captured = new();
    private readonly IChatClient _client;
    private readonly HttpClient _http;

    public ChatRequestBodies(string model)
    {
        _http = new HttpClient(new CapturingHandler());
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1/v1"),
            Transport = new HttpClientPipelineTransport(_http),
            RetryPolicy = new ClientRetryPolicy(0),
        };
        _client = new OpenAIClient(new ApiKeyCredential("capture"), options).GetChatClient(model).AsIChatClient();
    }

    /// <summary>The body's UTF-8 JSON.</summary>
    public async Task<byte[]> BodyAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var box = new StrongBox<byte[]?>();
        Captured.Value = box;
        try
        {
            await _client.GetResponseAsync(messages, options?.Clone(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Captured.Value = null;
        }

        return box.Value ?? throw new InvalidOperationException("the OpenAI SDK sent no chat request");
    }

    /// <summary>The hash that matches a batch answer to the request a step makes (the first 128 bits of the body's SHA-256, hex).</summary>
    public static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body))[..32];

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        private const string Canned = """{"id":"capture","object":"chat.completion","created":0,"model":"capture","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"stop"}]}""";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (Captured.Value is { } box)
                box.Value = body;
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(Canned, System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}

using System.ClientModel.Primitives;
using System.Net;

namespace Distilabel.Llms;

/// <summary>
/// The HTTP transport of every client <see cref="OpenAIChatClients"/> makes: one process-wide <see cref="HttpClient"/>
/// for loopback servers and one for the others, so every client shares their connection pools (as the SDK's default
/// transport does), over a <see cref="SocketsHttpHandler"/> that skips per-request work the SDK's default handler does
/// and an LLM API never needs.
/// </summary>
/// <remarks>
/// What differs from the SDK's default handler: no cookie container (an LLM API sets none; the default handler parses
/// and stores every Set-Cookie), no trace-context headers (<c>traceparent</c>: no distributed-tracing work per request;
/// <see cref="OpenAIChatClients"/> turns the SDK's own tracing and logging policies off too), and no proxy lookup for a
/// loopback server (a remote one still goes through the system's proxy settings, e.g. <c>HTTPS_PROXY</c>). Like the
/// SDK's: no automatic decompression (no <c>Accept-Encoding</c> is sent, so no server compresses), no redirects,
/// unbounded connections per server, and pooled connections renewed every few minutes so a DNS change is seen. The
/// request timeout stays the SDK's network timeout and our <see cref="TimeoutChatClient"/>: <see cref="HttpClient.Timeout"/> is off.
/// </remarks>
internal static class OpenAIHttpTransport
{
    private static readonly Lazy<HttpClientPipelineTransport> LoopbackTransport = new(() => Create(useProxy: false));
    private static readonly Lazy<HttpClientPipelineTransport> RemoteTransport = new(() => Create(useProxy: true));

    /// <summary>The shared transport for a server at <paramref name="endpoint"/>.</summary>
    public static PipelineTransport For(Uri endpoint) => endpoint.IsLoopback ? LoopbackTransport.Value : RemoteTransport.Value;

    private static HttpClientPipelineTransport Create(bool useProxy)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = useProxy,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        return new HttpClientPipelineTransport(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan });
    }
}

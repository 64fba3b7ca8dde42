using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Distilabel.Testing.OpenAI;

/// <summary>
/// An OpenAI-compatible server on loopback (<c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>) whose answers a
/// test scripts per request: content, error statuses with <c>Retry-After</c>, delays, truncated or garbage bodies,
/// connection resets, empty choices, content filtering. Records every request. With <c>requiredApiKey</c> it answers
/// 401 (echoing the wrong key, as careless servers do) unless the request carries <c>Authorization: Bearer KEY</c>.
/// </summary>
/// <example><code>
/// await using var server = await ScriptedOpenAIServer.StartAsync(r =>
///     r.LastUserMessage.Contains("row 3") &amp;&amp; r.AttemptForBody == 1 ? ScriptedResponse.Status(429, retryAfter: "1") : ScriptedResponse.Content("ok"));
/// </code></example>
public sealed class ScriptedOpenAIServer : IAsyncDisposable
{
    private readonly LoopbackWebServer _server;
    private readonly ConcurrentQueue<ScriptedRequest> _requests;

    private ScriptedOpenAIServer(LoopbackWebServer server, ConcurrentQueue<ScriptedRequest> requests)
    {
        _server = server;
        _requests = requests;
    }

    /// <summary>The OpenAI base URL, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string BaseUrl => _server.Origin + "v1";

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests => [.. _requests.OrderBy(r => r.Number)];

    /// <summary>Chat-completion requests received so far.</summary>
    public int ChatRequestCount => _requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));

    /// <summary>Starts a server answering every chat request with <paramref name="script"/>'s choice.</summary>
    public static async Task<ScriptedOpenAIServer> StartAsync(Func<ScriptedRequest, ScriptedResponse> script, string? requiredApiKey = null, string modelId = "scripted-model")
    {
        ArgumentNullException.ThrowIfNull(script);
        var requests = new ConcurrentQueue<ScriptedRequest>();
        var bodies = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var counter = 0;

        async Task<ScriptedRequest?> RecordAsync(HttpContext ctx)
        {
            string body;
            using (var reader = new StreamReader(ctx.Request.Body))
                body = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var attempt = bodies.AddOrUpdate(body, 1, (_, n) => n + 1);
            var request = new ScriptedRequest(Interlocked.Increment(ref counter), attempt, ctx.Request.Method, ctx.Request.Path, body, headers);
            requests.Enqueue(request);
            if (requiredApiKey is null)
                return request;
            var authorization = ctx.Request.Headers.Authorization.ToString();
            if (authorization == "Bearer " + requiredApiKey)
                return request;
            var given = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : authorization;
            ctx.Response.StatusCode = 401;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(OpenAIJson.Error($"Incorrect API key provided: {given}.", "invalid_request_error", "invalid_api_key")).ConfigureAwait(false);
            return null;
        }

        var server = await LoopbackWebServer.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", async ctx =>
            {
                if (await RecordAsync(ctx).ConfigureAwait(false) is not { } request)
                    return;
                var model = request.Model ?? modelId;
                await script(request).WriteAsync(ctx, request, model).ConfigureAwait(false);
            });
            app.MapGet("/v1/models", async ctx =>
            {
                if (await RecordAsync(ctx).ConfigureAwait(false) is null)
                    return;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(OpenAIJson.Models(modelId)).ConfigureAwait(false);
            });
        }).ConfigureAwait(false);
        return new ScriptedOpenAIServer(server, requests);
    }

    /// <summary>Starts a server that answers every chat request with <paramref name="response"/>.</summary>
    public static Task<ScriptedOpenAIServer> StartAsync(ScriptedResponse response, string? requiredApiKey = null) =>
        StartAsync(_ => response, requiredApiKey);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

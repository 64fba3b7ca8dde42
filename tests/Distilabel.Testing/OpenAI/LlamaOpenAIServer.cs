using System.Collections.Concurrent;
using System.Text.Json;
using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Distilabel.Testing.OpenAI;

/// <summary>
/// A real OpenAI-compatible server on loopback backed by <see cref="LlamaCppChatClient"/> (e.g. with the tiny
/// stories260K model), like llama.cpp's own server: honours <c>max_tokens</c> / <c>max_completion_tokens</c>,
/// <c>temperature</c>, <c>top_p</c>, <c>seed</c>, <c>stop</c>, a GBNF <c>"grammar"</c> string field, and
/// <c>response_format</c> <c>json_object</c> / <c>json_schema</c> (any JSON object: the schema is not enforced).
/// Streams when asked. Records request bodies.
/// </summary>
public sealed class LlamaOpenAIServer : IAsyncDisposable
{
    private readonly LoopbackWebServer _server;
    private readonly ConcurrentQueue<string> _bodies;

    private LlamaOpenAIServer(LoopbackWebServer server, LlamaCppChatClient client, ConcurrentQueue<string> bodies)
    {
        _server = server;
        Client = client;
        _bodies = bodies;
    }

    /// <summary>The OpenAI base URL, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string BaseUrl => _server.Origin + "v1";

    /// <summary>The engine behind the server (owned by the server).</summary>
    public LlamaCppChatClient Client { get; }

    /// <summary>The model id the server reports.</summary>
    public string ModelId => Client.ModelId;

    /// <summary>Chat-completion request bodies received so far.</summary>
    public IReadOnlyList<string> RequestBodies => [.. _bodies];

    /// <summary>Loads <paramref name="modelPath"/> and starts serving it.</summary>
    public static async Task<LlamaOpenAIServer> StartAsync(string modelPath, LlamaCppChatClientOptions? options = null)
    {
        var client = await LlamaCppChatClient.LoadAsync(modelPath, options ?? new LlamaCppChatClientOptions { Threads = 1, ContextSize = 1024 }).ConfigureAwait(false);
        var bodies = new ConcurrentQueue<string>();
        try
        {
            var server = await LoopbackWebServer.StartAsync(app =>
            {
                app.MapPost("/v1/chat/completions", ctx => CompleteAsync(ctx, client, bodies));
                app.MapGet("/v1/models", ctx =>
                {
                    ctx.Response.ContentType = "application/json";
                    return ctx.Response.WriteAsync(OpenAIJson.Models(client.ModelId));
                });
            }).ConfigureAwait(false);
            return new LlamaOpenAIServer(server, client, bodies);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        Client.Dispose();
    }

    private static async Task CompleteAsync(HttpContext ctx, LlamaCppChatClient client, ConcurrentQueue<string> bodies)
    {
        string body;
        using (var reader = new StreamReader(ctx.Request.Body))
            body = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        bodies.Enqueue(body);

        List<ChatMessage> messages;
        ChatOptions options;
        bool stream;
        try
        {
            (messages, options, stream) = ParseRequest(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            await WriteErrorAsync(ctx, 400, "Invalid request: " + ex.Message).ConfigureAwait(false);
            return;
        }

        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(messages, options, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await WriteErrorAsync(ctx, 400, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var id = response.ResponseId ?? "chatcmpl-llama";
        var finish = response.FinishReason == ChatFinishReason.Length ? "length" : "stop";
        var promptTokens = (int)(response.Usage?.InputTokenCount ?? 0);
        var completionTokens = (int)(response.Usage?.OutputTokenCount ?? 0);
        if (stream)
        {
            ctx.Response.ContentType = "text/event-stream";
            foreach (var data in new[]
            {
                OpenAIJson.Chunk(id, client.ModelId, response.Text, null),
                OpenAIJson.Chunk(id, client.ModelId, null, finish),
                OpenAIJson.Chunk(id, client.ModelId, null, null, (promptTokens, completionTokens)),
                "[DONE]",
            })
            {
                await ctx.Response.WriteAsync($"data: {data}\n\n").ConfigureAwait(false);
            }

            return;
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(OpenAIJson.Completion(id, client.ModelId, response.Text, finish, promptTokens, completionTokens)).ConfigureAwait(false);
    }

    private static (List<ChatMessage> Messages, ChatOptions Options, bool Stream) ParseRequest(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(new ChatRole(m.GetProperty("role").GetString() ?? "user"), OpenAIJson.ContentText(m)))
            .ToList();
        var options = new ChatOptions();
        if ((Number(root, "max_completion_tokens") ?? Number(root, "max_tokens")) is { } max)
            options.MaxOutputTokens = (int)max;
        if (Number(root, "temperature") is { } temperature)
            options.Temperature = (float)temperature;
        if (Number(root, "top_p") is { } topP)
            options.TopP = (float)topP;
        if (Number(root, "seed") is { } seed)
            options.Seed = (long)seed;
        if (root.TryGetProperty("stop", out var stop))
        {
            options.StopSequences = stop.ValueKind switch
            {
                JsonValueKind.String => [stop.GetString()!],
                JsonValueKind.Array => [.. stop.EnumerateArray().Select(s => s.GetString()!)],
                _ => null,
            };
        }

        if (root.TryGetProperty("grammar", out var grammar) && grammar.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(grammar.GetString()))
            options.WithGrammar(grammar.GetString()!);
        if (root.TryGetProperty("response_format", out var format) && format.TryGetProperty("type", out var type)
            && type.GetString() is "json_object" or "json_schema")
            options.ResponseFormat = ChatResponseFormat.Json;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        return (messages, options, stream);
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static async Task WriteErrorAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(OpenAIJson.Error(message, "invalid_request_error")).ConfigureAwait(false);
    }
}

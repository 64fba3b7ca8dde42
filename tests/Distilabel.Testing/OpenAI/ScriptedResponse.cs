using System.Text;
using Microsoft.AspNetCore.Http;

namespace Distilabel.Testing.OpenAI;

/// <summary>What <see cref="ScriptedOpenAIServer"/> does with one request. Make one with the static factories.</summary>
public sealed class ScriptedResponse
{
    private readonly Func<HttpContext, ScriptedRequest, string, Task> _write;

    private ScriptedResponse(string description, Func<HttpContext, ScriptedRequest, string, Task> write)
    {
        Description = description;
        _write = write;
    }

    /// <summary>What the response does, for test messages.</summary>
    public string Description { get; }

    /// <summary>A normal answer (streamed as server-sent events when the request asks for a stream).</summary>
    public static ScriptedResponse Content(string text, string finishReason = "stop", int promptTokens = 10, int completionTokens = 5) =>
        new($"content '{text}'", async (ctx, request, model) =>
        {
            if (request.Stream)
            {
                ctx.Response.ContentType = "text/event-stream";
                var id = "chatcmpl-" + request.Number;
                var half = text.Length / 2;
                foreach (var piece in new[] { text[..half], text[half..] })
                    await WriteEventAsync(ctx, OpenAIJson.Chunk(id, model, piece, null)).ConfigureAwait(false);
                await WriteEventAsync(ctx, OpenAIJson.Chunk(id, model, null, finishReason)).ConfigureAwait(false);
                await WriteEventAsync(ctx, OpenAIJson.Chunk(id, model, null, null, (promptTokens, completionTokens))).ConfigureAwait(false);
                await WriteEventAsync(ctx, "[DONE]").ConfigureAwait(false);
                return;
            }

            await WriteJsonAsync(ctx, 200, OpenAIJson.Completion("chatcmpl-" + request.Number, model, text, finishReason, promptTokens, completionTokens)).ConfigureAwait(false);
        });

    /// <summary>An error status with an OpenAI error body and, optionally, a <c>Retry-After</c> header (seconds or an HTTP date).</summary>
    public static ScriptedResponse Status(int statusCode, string? message = null, string? retryAfter = null) =>
        new($"status {statusCode}" + (retryAfter is null ? "" : $" (Retry-After: {retryAfter})"), (ctx, _, _) =>
        {
            if (retryAfter is not null)
                ctx.Response.Headers.RetryAfter = retryAfter;
            var type = statusCode switch
            {
                401 => "invalid_request_error",
                429 => "rate_limit_exceeded",
                >= 500 => "server_error",
                _ => "invalid_request_error",
            };
            return WriteJsonAsync(ctx, statusCode, OpenAIJson.Error(message ?? $"scripted error {statusCode}", type));
        });

    /// <summary>Waits <paramref name="delay"/> (or until the client gives up), then does <paramref name="then"/> (default: content "late").</summary>
    public static ScriptedResponse Delay(TimeSpan delay, ScriptedResponse? then = null)
    {
        then ??= Content("late");
        return new($"delay {delay.TotalMilliseconds} ms then {then.Description}", async (ctx, request, model) =>
        {
            try
            {
                await Task.Delay(delay, ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await then._write(ctx, request, model).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Holds the response until the client gives up (its request timeout, or a cancelled run), and never answers: a
    /// server slower than any timeout, without a wall-clock race (the client's timer is the only clock). Calls
    /// <paramref name="abandoned"/> when the client has gone.
    /// </summary>
    public static ScriptedResponse Hold(Action? abandoned = null) => HoldUntil(new TaskCompletionSource().Task, abandoned: abandoned);

    /// <summary>
    /// Holds the response until <paramref name="release"/> completes, then does <paramref name="then"/> (default: content
    /// "late"); when the client gives up first, calls <paramref name="abandoned"/> and sends nothing.
    /// </summary>
    public static ScriptedResponse HoldUntil(Task release, ScriptedResponse? then = null, Action? abandoned = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        then ??= Content("late");
        return new($"hold until released, then {then.Description}", async (ctx, request, model) =>
        {
            try
            {
                await release.WaitAsync(ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                abandoned?.Invoke();
                return;
            }

            await then._write(ctx, request, model).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Waits until the test decides what this request gets (<paramref name="decision"/>), then does it; when the client
    /// gives up first, sends nothing. For requests that arrive before the test knows how to answer them.
    /// </summary>
    public static ScriptedResponse Decided(Task<ScriptedResponse> decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new("decided by the test", async (ctx, request, model) =>
        {
            ScriptedResponse then;
            try
            {
                then = await decision.WaitAsync(ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await then._write(ctx, request, model).ConfigureAwait(false);
        });
    }

    /// <summary>200 with the first half of a completion's JSON, then a normal end of response.</summary>
    public static ScriptedResponse TruncatedJson() =>
        new("truncated JSON", async (ctx, request, model) =>
        {
            var json = OpenAIJson.Completion("chatcmpl-" + request.Number, model, "never complete", "stop", 10, 5);
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(json[..(json.Length / 2)]).ConfigureAwait(false);
        });

    /// <summary>200 announcing a long body, part of it sent, then the connection aborted (a reset mid-body).</summary>
    public static ScriptedResponse ResetConnection() =>
        new("connection reset mid-body", async (ctx, request, model) =>
        {
            var json = Encoding.UTF8.GetBytes(OpenAIJson.Completion("chatcmpl-" + request.Number, model, "never complete", "stop", 10, 5));
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = json.Length;
            await ctx.Response.Body.WriteAsync(json.AsMemory(0, json.Length / 3)).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync().ConfigureAwait(false);
            ctx.Abort();
        });

    /// <summary>200 with <c>"choices": []</c>.</summary>
    public static ScriptedResponse EmptyChoices() =>
        new("empty choices", (ctx, request, model) =>
            WriteJsonAsync(ctx, 200, OpenAIJson.Completion("chatcmpl-" + request.Number, model, null, "stop", 10, 0, emptyChoices: true)));

    /// <summary>200 with an empty answer and <c>finish_reason: content_filter</c>.</summary>
    public static ScriptedResponse ContentFilter() =>
        new("content filter", (ctx, request, model) =>
            WriteJsonAsync(ctx, 200, OpenAIJson.Completion("chatcmpl-" + request.Number, model, "", "content_filter", 10, 0)));

    /// <summary>200 with a body that is not JSON.</summary>
    public static ScriptedResponse Garbage() =>
        new("garbage", (ctx, _, _) => WriteJsonAsync(ctx, 200, "<html>definitely not json</html>"));

    internal Task WriteAsync(HttpContext context, ScriptedRequest request, string model) => _write(context, request, model);

    /// <inheritdoc />
    public override string ToString() => Description;

    private static async Task WriteJsonAsync(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(json).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext ctx, string data)
    {
        await ctx.Response.WriteAsync($"data: {data}\n\n").ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync().ConfigureAwait(false);
    }
}

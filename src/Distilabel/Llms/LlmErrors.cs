using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Distilabel.Llms;

/// <summary>
/// Turns an exception thrown by an <see cref="Microsoft.Extensions.AI.IChatClient"/> into an <see cref="LlmError"/>:
/// a category (retry it, stop the run, or fail the row) and a short reason that is safe to store (API keys and
/// bearer tokens are masked). Understands the OpenAI SDK's <see cref="ClientResultException"/>,
/// <see cref="HttpRequestException"/>, socket and I/O errors, timeouts and this library's own exceptions.
/// </summary>
public static class LlmErrors
{
    private const int MaxReasonLength = 300;

    /// <summary>Classifies <paramref name="exception"/>. Never throws.</summary>
    public static LlmError Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        try
        {
            return ClassifyCore(exception, depth: 0);
        }
        catch (Exception)
        {
            return new LlmError(LlmErrorCategory.Rejected, exception.GetType().Name);
        }
    }

    /// <summary>Whether <paramref name="exception"/> is worth retrying.</summary>
    public static bool IsTransient(Exception exception) => Classify(exception).IsTransient;

    /// <summary>The category of an HTTP status: 408/429/500/502/503/504 are transient; 401/403/404 are configuration errors.</summary>
    public static LlmErrorCategory CategorizeStatus(int statusCode) => statusCode switch
    {
        408 or 429 or 500 or 502 or 503 or 504 => LlmErrorCategory.Transient,
        401 or 403 or 404 => LlmErrorCategory.Configuration,
        _ => LlmErrorCategory.Rejected,
    };

    /// <summary>
    /// Reads a <c>Retry-After</c> value: delay-seconds (<c>"2"</c>, <c>"1.5"</c>) or an HTTP date, relative to <paramref name="now"/>.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            var delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }

    private static LlmError ClassifyCore(Exception exception, int depth)
    {
        switch (exception)
        {
            case LlmConfigurationException config:
                return new LlmError(LlmErrorCategory.Configuration, Short(config.Message), config.StatusCode);
            case LlmTimeoutException timeout:
                return new LlmError(LlmErrorCategory.Transient, $"timed out after {LlmTimeoutException.FormatTimeout(timeout.Timeout)}");
            case LlmContentException content:
                return new LlmError(LlmErrorCategory.Content, Short(content.Message)) { Kind = content.Kind ?? Short(content.Message) };
            case LlmRetriesExhaustedException exhausted:
                return exhausted.LastError with { Reason = Short(exhausted.Message), Kind = exhausted.LastError.Kind };
            case ClientResultException result when result.Status > 0:
                return FromStatus(result.Status, ReadServerMessage(result), ReadRetryAfter(result));
            case HttpRequestException { StatusCode: { } status }:
                return FromStatus((int)status, serverMessage: null, retryAfter: null);
            case HttpRequestException http when FromHttpRequestError(http) is { } fromHttp:
                return fromHttp;
            case SocketException socket:
                return FromSocket(socket);
            case AggregateException { InnerExceptions.Count: > 0 } aggregate when depth < 8:
                return ClassifyCore(aggregate.InnerExceptions[0], depth + 1);
        }

        // Look for a more telling cause first (a SocketException inside an HttpRequestException inside a ClientResultException).
        if (exception.InnerException is { } inner && depth < 8)
        {
            var fromInner = ClassifyCore(inner, depth + 1);
            if (fromInner.Category != LlmErrorCategory.Rejected)
                return fromInner;
        }

        return exception switch
        {
            TimeoutException => new LlmError(LlmErrorCategory.Transient, "timed out"),
            OperationCanceledException => new LlmError(LlmErrorCategory.Transient, "timed out (the request was cancelled)"),
            IOException => new LlmError(LlmErrorCategory.Transient, "the connection dropped before the answer was complete"),
            JsonException => new LlmError(LlmErrorCategory.Transient, "the server sent a malformed or truncated answer"),
            HttpRequestException => new LlmError(LlmErrorCategory.Transient, "network error: " + Short(exception.Message)) { Kind = "network error" },
            ClientResultException => new LlmError(LlmErrorCategory.Transient, "network error: " + Short(exception.Message)) { Kind = "network error" },
            _ => new LlmError(LlmErrorCategory.Rejected, $"{exception.GetType().Name}: {Short(exception.Message)}") { Kind = exception.GetType().Name },
        };
    }

    private static LlmError FromStatus(int status, string? serverMessage, TimeSpan? retryAfter)
    {
        var phrase = ReasonPhrase(status);
        var code = phrase is null ? $"{status}" : $"{status} {phrase}";
        var reason = status switch
        {
            401 => $"the server rejected the API key ({code})",
            403 => $"the API key is not allowed to use this model or endpoint ({code})",
            404 => $"unknown model or endpoint ({code})",
            408 => $"the server timed out ({code})",
            429 => $"rate limited ({code})",
            >= 500 => $"server error ({code})",
            _ => $"the server rejected the request ({code})",
        };
        var kind = reason;
        if (!string.IsNullOrWhiteSpace(serverMessage))
            reason += ": " + serverMessage;
        return new LlmError(CategorizeStatus(status), Short(reason), status, retryAfter) { Kind = kind };
    }

    private static LlmError? FromHttpRequestError(HttpRequestException exception)
    {
        if (FindInner<SocketException>(exception) is { } socket)
            return FromSocket(socket);
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => new LlmError(LlmErrorCategory.Configuration, "cannot resolve the server's host name"),
            HttpRequestError.SecureConnectionError => new LlmError(LlmErrorCategory.Configuration, "cannot establish a secure (TLS) connection to the server"),
            HttpRequestError.ConnectionError => new LlmError(LlmErrorCategory.Transient, "cannot connect to the server"),
            HttpRequestError.ResponseEnded => new LlmError(LlmErrorCategory.Transient, "the connection dropped before the answer was complete"),
            HttpRequestError.InvalidResponse => new LlmError(LlmErrorCategory.Transient, "the server sent an invalid HTTP response"),
            HttpRequestError.ProxyTunnelError => new LlmError(LlmErrorCategory.Configuration, "the proxy refused the connection"),
            _ => null,
        };
    }

    private static LlmError FromSocket(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new LlmError(LlmErrorCategory.Configuration, "connection refused: no server is listening at that address"),
        SocketError.HostNotFound or SocketError.NoData => new LlmError(LlmErrorCategory.Configuration, "cannot resolve the server's host name"),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable
            => new LlmError(LlmErrorCategory.Configuration, "the server is unreachable"),
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
            => new LlmError(LlmErrorCategory.Transient, "the connection was reset before the answer was complete"),
        SocketError.TimedOut => new LlmError(LlmErrorCategory.Transient, "timed out while connecting"),
        _ => new LlmError(LlmErrorCategory.Transient, $"the connection failed ({socket.SocketErrorCode})"),
    };

    private static T? FindInner<T>(Exception exception) where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }

        return null;
    }

    private static TimeSpan? ReadRetryAfter(ClientResultException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
            return null;
        if (headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            return TimeSpan.FromMilliseconds(millis);
        return headers.TryGetValue("Retry-After", out var value) ? ParseRetryAfter(value, DateTimeOffset.UtcNow) : null;
    }

    /// <summary>The error message from an OpenAI-style (<c>{"error":{"message":…}}</c>) or Hugging Face-style (<c>{"error":"…"}</c>) body.</summary>
    private static string? ReadServerMessage(ClientResultException exception)
    {
        try
        {
            var content = exception.GetRawResponse()?.Content;
            if (content is null || content.ToMemory().IsEmpty)
                return null;
            using var doc = JsonDocument.Parse(content.ToMemory());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                    return error.GetString();
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    return message.GetString();
            }

            foreach (var name in (ReadOnlySpan<string>)["message", "detail"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    return value.GetString();
            }
        }
        catch (Exception)
        {
            // Not JSON, or the content was not buffered: no message.
        }

        return null;
    }

    private static string? ReasonPhrase(int status)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(status);
        return string.IsNullOrEmpty(phrase) ? null : phrase;
    }

    internal static string Short(string? text)
    {
        var scrubbed = SecretScrubber.Scrub(text).ReplaceLineEndings(" ").Trim();
        return scrubbed.Length <= MaxReasonLength ? scrubbed : scrubbed[..(MaxReasonLength - 1)] + "…";
    }

    /// <summary>HTTP reason phrases without a dependency on ASP.NET Core.</summary>
    private static class ReasonPhrases
    {
        public static string? GetReasonPhrase(int status) => status switch
        {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            408 => "Request Timeout",
            409 => "Conflict",
            413 => "Payload Too Large",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            501 => "Not Implemented",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : null,
        };
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Distilabel.Llms;

namespace Distilabel.Argilla;

/// <summary>
/// A client of the Argilla 2.x REST API (<c>/api/v1</c>, header <c>X-Argilla-Api-Key</c>): workspaces, datasets with
/// their fields and questions, records in bulk, reviewers' responses. Push a labelled dataset with
/// <see cref="PushAsync"/>, read the reviewers' answers back with <see cref="PullAsync"/>.
/// Transient failures (429 and 503 always; other 5xx and dropped connections for idempotent requests) are retried
/// with the library's back-off, honouring <c>Retry-After</c>. Errors are <see cref="ArgillaException"/>s that never
/// contain the API key.
/// </summary>
public sealed partial class ArgillaClient : IDisposable
{
    internal static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly RetryOptions _retry;

    /// <summary>Creates a client; URL and key come from <paramref name="options"/>, else <c>ARGILLA_API_URL</c> / <c>ARGILLA_API_KEY</c>.</summary>
    /// <exception cref="ArgumentException">No URL or no key, or the URL is not http(s).</exception>
    public ArgillaClient(ArgillaClientOptions? options = null)
    {
        options ??= new ArgillaClientOptions();
        var url = options.ApiUrl;
        if (string.IsNullOrWhiteSpace(url))
            url = Environment.GetEnvironmentVariable(ArgillaClientOptions.ApiUrlVariable);
        if (string.IsNullOrWhiteSpace(url))
            throw new ArgumentException($"No Argilla URL: set {ArgillaClientOptions.ApiUrlVariable} (e.g. http://localhost:6900) or ArgillaClientOptions.ApiUrl.", nameof(options));
        if (!Uri.TryCreate(url.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The Argilla URL '{url}' is not an http(s) URL (check {ArgillaClientOptions.ApiUrlVariable} or ArgillaClientOptions.ApiUrl).", nameof(options));
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? Environment.GetEnvironmentVariable(ArgillaClientOptions.ApiKeyVariable) : options.ApiKey;
        if (string.IsNullOrWhiteSpace(key))
            throw new ArgumentException($"No Argilla API key: set {ArgillaClientOptions.ApiKeyVariable} or ArgillaClientOptions.ApiKey.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BatchSize, 500, nameof(options.BatchSize));

        ApiUrl = uri;
        BatchSize = options.BatchSize;
        _apiKey = key.Trim();
        _retry = options.Retry ?? new RetryOptions();
        _retry.Validate();
        var handler = options.HttpMessageHandler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler, disposeHandler: options.HttpMessageHandler is null) { Timeout = options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("distilabel-net/0.1");
    }

    /// <summary>The server root, ending with a slash.</summary>
    public Uri ApiUrl { get; }

    /// <summary>Records per bulk request.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Sends one API request (retrying transient failures) and returns the parsed JSON answer, or throws
    /// <see cref="ArgillaException"/>. <paramref name="body"/> is the JSON request body, if any.</summary>
    internal async Task<JsonDocument> SendAsync(HttpMethod method, string path, byte[]? body, string action, ErrorContext context, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, action, context, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ArgillaException($"Argilla sent an answer that is not JSON while {action} ({(int)response.StatusCode}).", response.StatusCode, dataset: context.Dataset, workspace: context.Workspace, innerException: e);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, byte[]? body, string action, ErrorContext context, CancellationToken cancellationToken)
    {
        var url = new Uri(ApiUrl, "api/v1/" + path.TrimStart('/'));
        var idempotent = method != HttpMethod.Post;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("X-Argilla-Api-Key", _apiKey);
            request.Headers.Accept.ParseAdd("application/json");
            if (body is not null)
                request.Content = new ByteArrayContent(body) { Headers = { ContentType = JsonMediaType } };

            HttpResponseMessage? response = null;
            TimeSpan? delay;
            LlmError error;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return response;
                var status = (int)response.StatusCode;
                // 429 and 503 mean the request was not processed, so even a POST may be sent again.
                var transient = status is 429 or 503 || (idempotent && status is 500 or 502 or 504);
                if (!transient || attempt >= _retry.MaxAttempts)
                    throw await ErrorAsync(response, action, context, cancellationToken).ConfigureAwait(false);
                var retryAfter = LlmErrors.ParseRetryAfter(response.Headers.RetryAfter?.ToString(), _retry.TimeProvider.GetUtcNow());
                error = new LlmError(LlmErrorCategory.Transient, $"Argilla answered {status}", status, retryAfter);
                delay = retryAfter is { } wait ? (wait > _retry.MaxRetryAfter ? _retry.MaxRetryAfter : wait) : _retry.Backoff(attempt);
                response.Dispose();
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                response?.Dispose();
                var what = e is TaskCanceledException ? $"did not answer within {_http.Timeout.TotalSeconds:0} s" : "could not be reached: " + Scrub(e.Message);
                if (!idempotent && e is not HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } || attempt >= _retry.MaxAttempts)
                    throw new ArgillaException($"Argilla at {Origin} {what} while {action}{context.Suffix} (after {attempt} attempt{(attempt == 1 ? "" : "s")}). Check {ArgillaClientOptions.ApiUrlVariable} and that the server runs.", dataset: context.Dataset, workspace: context.Workspace, innerException: e);
                error = new LlmError(LlmErrorCategory.Transient, "Argilla " + what);
                delay = _retry.Backoff(attempt);
            }

            _retry.OnRetry?.Invoke(new RetryAttempt(attempt, error, delay.Value));
            await Task.Delay(delay.Value, _retry.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Origin => ApiUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The exception for an error answer: status, the server's detail (and 422 field errors), dataset and workspace.</summary>
    private async Task<ArgillaException> ErrorAsync(HttpResponseMessage response, string action, ErrorContext context, CancellationToken cancellationToken)
    {
        string? detail = null;
        var fieldErrors = new List<ArgillaFieldError>();
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            detail = ArgillaErrorBody.Read(text, fieldErrors);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // No body: the status says enough.
        }

        var status = (int)response.StatusCode;
        var hint = status switch
        {
            401 => $" The API key was not accepted: check {ArgillaClientOptions.ApiKeyVariable}.",
            403 => " The API key's user may not do this (annotators cannot create datasets; an admin must be a member of the workspace).",
            _ => "",
        };
        var said = detail is null ? "" : $": {detail.TrimEnd('.')}";
        var fields = fieldErrors.Count == 0 ? "" : " (" + string.Join("; ", fieldErrors.Select(f => $"{f.Location}: {f.Message}")) + ")";
        var message = Scrub($"Argilla answered {status} {response.ReasonPhrase} while {action}{context.Suffix}{said}{fields}.{hint}");
        return new ArgillaException(message, response.StatusCode, detail is null ? null : Scrub(detail), fieldErrors, context.Dataset, context.Workspace);
    }

    /// <summary>Removes the key from any text (defence in depth: a server message might echo it).</summary>
    private string Scrub(string text) => text.Replace(_apiKey, "***", StringComparison.Ordinal);

    /// <summary>The dataset and workspace an error concerns, for messages.</summary>
    internal readonly record struct ErrorContext(string? Dataset, string? Workspace)
    {
        public static ErrorContext None => default;

        public string Suffix => (Dataset, Workspace) switch
        {
            (null, null) => "",
            (null, { } w) => $" (workspace '{w}')",
            ({ } d, null) => $" (dataset '{d}')",
            ({ } d, { } w) => $" (dataset '{d}' in workspace '{w}')",
        };
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Distilabel.Data.Hub;

/// <summary>
/// HTTP plumbing for the Hub: base URL and token resolution, the bearer token sent to the Hub's own origin only,
/// redirects followed by hand (so the token never reaches a CDN), and Hub errors mapped to
/// <see cref="HubException"/> with actionable messages that never contain the token.
/// </summary>
internal sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient _http;
    private readonly string? _token;

    public HubClient(HubOptions options)
    {
        var endpoint = options.Endpoint;
        if (string.IsNullOrWhiteSpace(endpoint))
            endpoint = Environment.GetEnvironmentVariable("HF_ENDPOINT");
        if (string.IsNullOrWhiteSpace(endpoint))
            endpoint = HubOptions.DefaultEndpoint;
        if (!Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The Hub endpoint '{endpoint}' is not an http(s) URL (check HubOptions.Endpoint or HF_ENDPOINT).", nameof(options));
        Endpoint = uri;
        (_token, TokenSource) = ResolveToken(options.Token);
        var handler = options.HttpMessageHandler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler, disposeHandler: options.HttpMessageHandler is null) { Timeout = options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("distilabel-net/0.1");
    }

    /// <summary>The Hub base URL, ending with a slash.</summary>
    public Uri Endpoint { get; }

    /// <summary>The endpoint without the trailing slash, for messages.</summary>
    public string EndpointText => Endpoint.ToString().TrimEnd('/');

    /// <summary>Where the token came from ("HF_TOKEN", …), or null when anonymous.</summary>
    public string? TokenSource { get; }

    public bool HasToken => _token is not null;

    /// <summary>A URL under the endpoint; <paramref name="relative"/> must already be escaped.</summary>
    public Uri Url(string relative) => new(Endpoint, relative.TrimStart('/'));

    /// <summary>Sends a request, following redirects for GET/HEAD. The response is returned whatever its status.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        Uri url,
        string repoId,
        string action,
        Func<HttpContent?>? content = null,
        Action<HttpRequestHeaders>? headers = null,
        bool sendToken = true,
        CancellationToken cancellationToken = default)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, current) { Content = content?.Invoke() };
            headers?.Invoke(request.Headers);
            if (sendToken && _token is not null && SameOrigin(current, Endpoint))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new HubException(
                    Scrub($"Cannot reach the Hugging Face Hub at {Origin(current)} while {action} '{repoId}': {e.Message} "
                          + "Check the network connection, a proxy, or HF_ENDPOINT."),
                    repoId,
                    innerException: e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HubException(
                    $"The Hugging Face Hub at {Origin(current)} did not answer within {_http.Timeout.TotalSeconds:0} s while {action} '{repoId}'.",
                    repoId,
                    innerException: e);
            }

            var isRedirect = (int)response.StatusCode is 301 or 302 or 303 or 307 or 308;
            if (!isRedirect || (method != HttpMethod.Get && method != HttpMethod.Head) || response.Headers.Location is null)
                return response;
            if (hop >= MaxRedirects)
            {
                response.Dispose();
                throw new HubException($"Too many redirects while {action} '{repoId}' (more than {MaxRedirects}).", repoId, response.StatusCode);
            }

            var location = response.Headers.Location;
            current = location.IsAbsoluteUri ? location : new Uri(current, location);
            response.Dispose();
        }
    }

    /// <summary>GET a JSON document; non-success statuses throw <see cref="HubException"/>.</summary>
    public async Task<JsonDocument> GetJsonAsync(Uri url, string repoId, string action, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, url, repoId, action, cancellationToken: cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string repoId, string action, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new HubException($"The Hub sent an invalid JSON answer while {action} '{repoId}': {e.Message}", repoId, response.StatusCode, innerException: e);
        }
    }

    /// <summary>Throws a <see cref="HubException"/> unless the status is 2xx.</summary>
    public async Task EnsureSuccessAsync(HttpResponseMessage response, string repoId, string action, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        throw await ErrorAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the exception for an error response: status, X-Error-Code and the Hub's message, plus what to do.</summary>
    public async Task<HubException> ErrorAsync(HttpResponseMessage response, string repoId, string action, CancellationToken cancellationToken)
    {
        var code = Header(response, "X-Error-Code");
        var requestId = Header(response, "X-Request-Id");
        var serverMessage = Header(response, "X-Error-Message");
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 0 && body.TrimStart().StartsWith('{'))
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                    serverMessage = error.GetString();
                else if (json.RootElement.TryGetProperty("message", out var detail) && detail.ValueKind == JsonValueKind.String)
                    serverMessage = detail.GetString();
            }
            else if (serverMessage is null && body.Length is > 0 and < 300)
            {
                serverMessage = body.Trim();
            }
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            // Keep what the headers said.
        }

        var status = (int)response.StatusCode;
        var said = string.IsNullOrWhiteSpace(serverMessage) ? "" : $" The Hub said: {serverMessage.Trim().TrimEnd('.')}.";
        var page = $"{EndpointText}/datasets/{repoId}";
        var token = TokenSource is null ? "no token was sent" : $"the token from {TokenSource} was sent";
        var message = (status, code) switch
        {
            (401, _) when serverMessage?.Contains("Invalid credentials", StringComparison.OrdinalIgnoreCase) == true
                => $"The Hugging Face Hub rejected the token from {TokenSource ?? "the request"} (401) while {action} '{repoId}': it is invalid or expired. Set HF_TOKEN to a valid token.",
            (401, "GatedRepo") or (403, "GatedRepo")
                => $"Dataset '{repoId}' is gated ({status}; {token}): accept its conditions on {page} with your account, then set HF_TOKEN to a token of that account.",
            (401, _)
                => $"Dataset '{repoId}' was not found, or it is private or gated ({status} while {action}; {token}). Check the name; if it is private or gated, set HF_TOKEN to a token that can read it.",
            (403, _)
                => $"Access denied (403) while {action} '{repoId}' ({token}). Set HF_TOKEN to a token with the needed permission (a write token for uploads).",
            (404, "RepoNotFound")
                => $"Dataset '{repoId}' was not found on {EndpointText} (404). Check the name; private datasets also need HF_TOKEN.",
            (404, "RevisionNotFound")
                => $"The revision requested of dataset '{repoId}' was not found (404) while {action}. Check HubOptions.Revision.",
            (404, "EntryNotFound")
                => $"A file of dataset '{repoId}' was not found (404) while {action}.",
            _ => $"The Hugging Face Hub answered {status} {response.ReasonPhrase} while {action} '{repoId}'.",
        };
        return new HubException(Scrub(message + said), repoId, response.StatusCode, code, requestId);
    }

    /// <summary>Removes the token from any text (defence in depth: server messages might echo it).</summary>
    public string Scrub(string text) => _token is { Length: > 0 } ? text.Replace(_token, "***", StringComparison.Ordinal) : text;

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool SameOrigin(Uri a, Uri b)
        => string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
           && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
           && a.Port == b.Port;

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static (string? Token, string? Source) ResolveToken(string? explicitToken)
    {
        if (explicitToken is not null)
            return explicitToken.Length == 0 ? (null, null) : (explicitToken.Trim(), "HubOptions.Token");
        foreach (var name in new[] { "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN" })
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
                return (value.Trim(), name);
        }

        var path = Environment.GetEnvironmentVariable("HF_TOKEN_PATH");
        if (string.IsNullOrWhiteSpace(path))
        {
            var home = Environment.GetEnvironmentVariable("HF_HOME");
            if (string.IsNullOrWhiteSpace(home))
            {
                var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                if (string.IsNullOrWhiteSpace(cache))
                    cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
                home = Path.Combine(cache, "huggingface");
            }

            path = Path.Combine(home, "token");
        }

        try
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } fromFile)
                return (fromFile, "the token file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable token file means anonymous access.
        }

        return (null, null);
    }
}

using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Distilabel.LlamaCpp;

/// <summary>
/// Finds the GGUF model for <see cref="LlamaCppChatClient"/>: a path the user gave, or a small instruct model
/// downloaded once from the Hugging Face Hub into a cache folder (<see cref="DefaultCacheDirectory"/>).
/// </summary>
public static class LlamaCppModels
{
    /// <summary>The default model repository (Apache-2.0).</summary>
    public const string DefaultRepository = "Qwen/Qwen2.5-0.5B-Instruct-GGUF";

    /// <summary>The default file: Qwen2.5 0.5B Instruct, Q4_K_M quantization (~400 MB).</summary>
    public const string DefaultFileName = "qwen2.5-0.5b-instruct-q4_k_m.gguf";

    /// <summary>The Hub used when <c>HF_ENDPOINT</c> is unset.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    private const string LocalFileHint = "To use a model file you already have, give its path as the model instead.";
    private const int BufferSize = 1 << 16;
    private const long ProgressStep = 1 << 20;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> DownloadLocks = new(StringComparer.Ordinal);

    /// <summary>
    /// Where downloaded models are kept: <c>$DISTILABEL_CACHE</c>; else <c>$HF_HOME/distilabel</c>; else
    /// <c>$XDG_CACHE_HOME/distilabel</c>; else <c>~/.cache/distilabel</c> (on Windows, the local application data folder).
    /// </summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            if (Env("DISTILABEL_CACHE") is { } distilabel)
                return Path.GetFullPath(distilabel);
            if (Env("HF_HOME") is { } hfHome)
                return Path.Combine(Path.GetFullPath(hfHome), "distilabel");
            if (Env("XDG_CACHE_HOME") is { } xdg)
                return Path.Combine(Path.GetFullPath(xdg), "distilabel");
            if (OperatingSystem.IsWindows())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "distilabel");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "distilabel");
        }
    }

    /// <summary>
    /// <paramref name="modelPathOrNull"/> when given (it must exist); otherwise the default model, downloaded once.
    /// </summary>
    /// <exception cref="FileNotFoundException">The given path does not exist.</exception>
    /// <exception cref="ModelDownloadException">The download failed (e.g. offline).</exception>
    public static Task<string> ResolveAsync(string? modelPathOrNull, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ResolveAsync(modelPathOrNull, new ModelDownloadOptions(), progress, cancellationToken);

    /// <summary>
    /// <paramref name="modelPathOrNull"/> when given (it must exist); otherwise the model <paramref name="options"/>
    /// describe, downloaded once through the Hub's <c>resolve</c> URL into the cache.
    /// </summary>
    /// <exception cref="FileNotFoundException">The given path does not exist.</exception>
    /// <exception cref="ModelDownloadException">The download failed (e.g. offline).</exception>
    public static async Task<string> ResolveAsync(
        string? modelPathOrNull, ModelDownloadOptions options, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(modelPathOrNull))
        {
            var path = Path.GetFullPath(modelPathOrNull);
            return File.Exists(path) ? path : throw new FileNotFoundException($"There is no model file at {path}.", path);
        }

        var target = GetCachePath(options);
        if (IsComplete(target))
            return target;

        var gate = DownloadLocks.GetOrAdd(target, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsComplete(target))
                await DownloadAsync(options, target, progress, cancellationToken).ConfigureAwait(false);
            return target;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Where the file <paramref name="options"/> describe is (or will be) cached.</summary>
    public static string GetCachePath(ModelDownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Revision);
        var root = options.CacheDirectory is { Length: > 0 } dir ? Path.GetFullPath(dir) : DefaultCacheDirectory;
        var folder = Path.Combine(root, "models", SafeName(options.Repository.Replace("/", "--", StringComparison.Ordinal)), SafeName(options.Revision));
        var file = Path.GetFullPath(Path.Combine(folder, options.FileName));
        if (!file.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"The file name '{options.FileName}' leaves the cache folder.", nameof(options));
        return file;
    }

    /// <summary>The Hub URL of the file: <c>{endpoint}/{repo}/resolve/{revision}/{path}</c>.</summary>
    public static Uri GetResolveUrl(ModelDownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = (options.Endpoint ?? Env("HF_ENDPOINT") ?? DefaultEndpoint).TrimEnd('/');
        var path = string.Join('/', options.FileName.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{endpoint}/{options.Repository}/resolve/{Uri.EscapeDataString(options.Revision)}/{path}");
    }

    private static async Task DownloadAsync(ModelDownloadOptions options, string target, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var url = GetResolveUrl(options);
        var token = options.Token ?? Env("HF_TOKEN") ?? Env("HUGGING_FACE_HUB_TOKEN");
        var what = $"{options.FileName} from {options.Repository} at {url.GetLeftPart(UriPartial.Authority)}";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = $"{target}.{Guid.NewGuid():N}.partial";

        var ownClient = options.HttpClient is null;
        var http = options.HttpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (!string.IsNullOrEmpty(token))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Distilabel.NET", typeof(LlamaCppModels).Assembly.GetName().Version?.ToString(3) ?? "0"));

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw StatusError(what, (int)response.StatusCode, token is not null, response);

            var total = response.Content.Headers.ContentLength;
            long received = 0, lastReport = 0;
            progress?.Report(new DownloadProgress(options.FileName, 0, total));
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    if (received - lastReport >= ProgressStep)
                    {
                        lastReport = received;
                        progress?.Report(new DownloadProgress(options.FileName, received, total));
                    }
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (total is { } expected && expected != received)
                throw new ModelDownloadException($"Cannot download {what}: the connection ended after {received} of {expected} bytes; try again. {LocalFileHint}");
            if (received == 0)
                throw new ModelDownloadException($"Cannot download {what}: the Hub sent an empty file. {LocalFileHint}");

            File.Move(temp, target, overwrite: true);
            progress?.Report(new DownloadProgress(options.FileName, received, total ?? received));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = LlmErrors.Short(SecretScrubber.Scrub(ex.Message, token));
            throw new ModelDownloadException($"Cannot download {what} (offline, or the Hub is unreachable?): {reason}. {LocalFileHint}", innerException: null);
        }
        finally
        {
            if (ownClient)
                http.Dispose();
            TryDelete(temp);
        }
    }

    private static ModelDownloadException StatusError(string what, int status, bool hadToken, HttpResponseMessage response)
    {
        var errorCode = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
        var reason = status switch
        {
            401 or 403 when !hadToken => $"the Hub refused access ({status}); the repository may be gated or private: set HF_TOKEN",
            401 or 403 => $"the Hub refused the token ({status}); check HF_TOKEN and that you accepted the model's terms",
            404 => $"not found (404{(errorCode is null ? "" : ", " + errorCode)}); check the repository, revision and file name",
            _ => $"the Hub answered {status}",
        };
        return new ModelDownloadException($"Cannot download {what}: {reason}. {LocalFileHint}", status);
    }

    private static bool IsComplete(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length > 0;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
                File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(name.Select(c => invalid.Contains(c) || c == '/' || c == '\\' ? '_' : c).ToArray());
        return safe is "." or ".." ? "_" : safe;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

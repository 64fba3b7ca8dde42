using System.Collections.Concurrent;
using System.Security.Cryptography;
using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Llms;

/// <summary>Model download through a loopback fake of the Hub's resolve endpoint (302 to a blob URL, as for LFS files).</summary>
public sealed class LlamaCppModelsTests : IDisposable
{
    private const string Token = "hf_test_TOKEN_456";
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "distilabel-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache))
            Directory.Delete(_cache, recursive: true);
    }

    /// <summary>GET /{org}/{repo}/resolve/{rev}/{file} → 302 → /blobs/{sha256}; 404 + X-Error-Code otherwise.</summary>
    private sealed class FakeHub : IAsyncDisposable
    {
        private readonly LoopbackWebServer _server;

        private FakeHub(LoopbackWebServer server, ConcurrentQueue<(string Path, string? Authorization)> log)
        {
            _server = server;
            Log = log;
        }

        public string Endpoint => _server.Origin.ToString().TrimEnd('/');

        public ConcurrentQueue<(string Path, string? Authorization)> Log { get; }

        public int ResolveCount => Log.Count(e => e.Path.Contains("/resolve/", StringComparison.Ordinal));

        public static async Task<FakeHub> StartAsync(string repo, string file, byte[] content, bool truncate = false)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            var log = new ConcurrentQueue<(string, string?)>();
            var server = await LoopbackWebServer.StartAsync(app =>
            {
                app.MapGet("/{org}/{name}/resolve/{rev}/{**path}", (HttpContext ctx, string org, string name, string rev, string path) =>
                {
                    log.Enqueue((ctx.Request.Path, ctx.Request.Headers.Authorization.ToString()));
                    if ($"{org}/{name}" != repo || rev != "main" || path != file)
                    {
                        ctx.Response.Headers["X-Error-Code"] = "EntryNotFound";
                        return Results.Json(new { error = "Entry not found" }, statusCode: 404);
                    }

                    ctx.Response.Headers["X-Linked-Size"] = content.Length.ToString();
                    return Results.Redirect($"/blobs/{sha}");
                });
                app.MapGet("/blobs/{sha}", async (HttpContext ctx, string sha) =>
                {
                    log.Enqueue((ctx.Request.Path, ctx.Request.Headers.Authorization.ToString()));
                    ctx.Response.ContentLength = content.Length;
                    ctx.Response.ContentType = "application/octet-stream";
                    if (!truncate)
                    {
                        await ctx.Response.Body.WriteAsync(content);
                        return;
                    }

                    await ctx.Response.Body.WriteAsync(content.AsMemory(0, content.Length / 2));
                    await ctx.Response.Body.FlushAsync();
                    ctx.Abort();
                });
            });
            return new FakeHub(server, log);
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }

    private ModelDownloadOptions Options(FakeHub hub, string file = "tiny.gguf") => new()
    {
        Repository = "tests/Tiny-GGUF",
        FileName = file,
        Endpoint = hub.Endpoint,
        CacheDirectory = _cache,
        Token = Token,
    };

    [Fact]
    public async Task Downloads_once_through_the_redirect_with_progress_and_the_token()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 123);
        await using var hub = await FakeHub.StartAsync("tests/Tiny-GGUF", "tiny.gguf", content);
        var progress = new RecordingProgress<DownloadProgress>();

        var path = await LlamaCppModels.ResolveAsync(null, Options(hub), progress);
        var again = await LlamaCppModels.ResolveAsync(null, Options(hub), progress);

        Assert.Equal(path, again);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        Assert.Equal(1, hub.ResolveCount);
        Assert.Equal("Bearer " + Token, hub.Log.First().Authorization);
        Assert.StartsWith(Path.Combine(_cache, "models", "tests--Tiny-GGUF", "main"), path);
        var reports = progress.Reports.ToList();
        Assert.True(reports.Count >= 3, "progress is reported while downloading");
        Assert.Equal(0, reports[0].BytesReceived);
        Assert.Equal(content.Length, reports[^1].BytesReceived);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(content.Length, reports[0].TotalBytes);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.partial"));
    }

    [Fact]
    public async Task A_missing_file_says_how_to_pass_a_local_model()
    {
        await using var hub = await FakeHub.StartAsync("tests/Tiny-GGUF", "tiny.gguf", [1, 2, 3]);

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => LlamaCppModels.ResolveAsync(null, Options(hub, file: "other.gguf")));

        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("EntryNotFound", ex.Message);
        Assert.Contains("give its path as the model instead", ex.Message);
        Assert.Equal(nameof(LlmSettings.Model), ex.Setting); // the command line adds "(--model)"
    }

    [Fact]
    public async Task Offline_says_how_to_pass_a_local_model_and_hides_the_token()
    {
        var options = new ModelDownloadOptions
        {
            Endpoint = $"http://127.0.0.1:{LoopbackWebServer.UnusedPort()}",
            CacheDirectory = _cache,
            Token = Token,
        };

        var ex = await Assert.ThrowsAsync<ModelDownloadException>(() => LlamaCppModels.ResolveAsync(null, options));

        Assert.Contains("give its path as the model instead", ex.Message);
        Assert.Equal(nameof(LlmSettings.Model), ex.Setting); // the command line adds "(--model)"
        Assert.Contains(LlamaCppModels.DefaultRepository, ex.Message);
        Assert.DoesNotContain(Token, ex.ToString());
        Assert.False(File.Exists(LlamaCppModels.GetCachePath(options)));
    }

    [Fact]
    public async Task A_truncated_download_leaves_nothing_in_the_cache()
    {
        await using var hub = await FakeHub.StartAsync("tests/Tiny-GGUF", "tiny.gguf", RandomNumberGenerator.GetBytes(200_000), truncate: true);

        await Assert.ThrowsAsync<ModelDownloadException>(() => LlamaCppModels.ResolveAsync(null, Options(hub)));

        var target = LlamaCppModels.GetCachePath(Options(hub));
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public async Task A_given_path_is_used_as_is_and_must_exist()
    {
        var file = Path.Combine(Path.GetTempPath(), "given-" + Guid.NewGuid().ToString("N") + ".gguf");
        await File.WriteAllBytesAsync(file, [1]);
        try
        {
            Assert.Equal(file, await LlamaCppModels.ResolveAsync(file));
        }
        finally
        {
            File.Delete(file);
        }

        await Assert.ThrowsAsync<FileNotFoundException>(() => LlamaCppModels.ResolveAsync(file));
    }

    [Fact]
    public void Urls_follow_the_hub_resolve_template_and_cache_paths_stay_inside_the_cache()
    {
        var options = new ModelDownloadOptions { Endpoint = "https://hub.example/", Revision = "refs/pr/1", CacheDirectory = _cache };

        Assert.Equal(
            "https://hub.example/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/refs%2Fpr%2F1/qwen2.5-0.5b-instruct-q4_k_m.gguf",
            LlamaCppModels.GetResolveUrl(options).AbsoluteUri);
        Assert.Throws<ArgumentException>(() => LlamaCppModels.GetCachePath(new ModelDownloadOptions { FileName = "../../escape.gguf", CacheDirectory = _cache }));
    }

    [RequiresTinyModelFact]
    public async Task A_downloaded_model_runs()
    {
        await using var hub = await FakeHub.StartAsync("tests/Tiny-GGUF", "stories260K.gguf", await File.ReadAllBytesAsync(SharedFiles.TinyModelPath!));

        var path = await LlamaCppModels.ResolveAsync(null, Options(hub, file: "stories260K.gguf"));
        using var client = await LlamaCppChatClient.LoadAsync(path, new LlamaCppChatClientOptions { Threads = 1, ContextSize = 256 });
        var response = await client.GetResponseAsync("Hi", new ChatOptions { Temperature = 0, MaxOutputTokens = 4 });

        Assert.Equal("stories260K", response.ModelId);
        Assert.True(response.Usage!.OutputTokenCount > 0);
    }
}

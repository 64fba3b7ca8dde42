using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Distilabel.Testing.Hub;

/// <summary>
/// A loopback fake of the Hugging Face Hub (http://127.0.0.1:&lt;random port&gt; only) that implements the
/// endpoints of <c>shared/specs/hf-hub-api.md</c> §4: whoami, repo creation, preupload, LFS batch (basic and
/// multipart) with upload/verify, NDJSON commits, <c>resolve</c> (with ETag, Range and optional redirects to
/// another host name), the Parquet conversion listing (<c>/api/datasets/…/parquet…</c> with redirects), the
/// paginated <c>tree</c> listing, and the dataset viewer's <c>/parquet?dataset=</c>. Errors carry
/// <c>{"error": …}</c> bodies and <c>X-Error-Code</c> / <c>X-Error-Message</c> / <c>X-Request-Id</c> headers.
/// Revisions are read from the raw request target, so <c>refs%2Fconvert%2Fparquet</c> and
/// <c>refs/convert/parquet</c> both work.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private const string LfsMediaType = "application/vnd.git-lfs+json";
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeHubRepo> _repos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _lfs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<int, byte[]>> _parts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeHubRequest> _requests = new();
    private WebApplication? _app;
    private int _port;

    private FakeHub()
    {
    }

    /// <summary>The Hub base URL: <c>http://127.0.0.1:port</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{_port}";

    /// <summary>The same server under another host name (<c>http://localhost:port</c>), standing in for a CDN.</summary>
    public string OtherHostEndpoint => $"http://localhost:{_port}";

    /// <summary>The user name whoami reports and the default namespace of created repos.</summary>
    public string UserName { get; set; } = "tester";

    /// <summary>Entries per page of the tree listing (a <c>Link: rel="next"</c> header points at the next page).</summary>
    public int TreePageSize { get; set; } = 1000;

    /// <summary>When set, the LFS batch answers with the "multipart" transfer and parts of this size.</summary>
    public long? MultipartChunkSize { get; set; }

    /// <summary>When true, <c>resolve</c> of an LFS file redirects (302) to <see cref="OtherHostEndpoint"/>.</summary>
    public bool RedirectLfsDownloadsToOtherHost { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeHubRequest> Requests => _requests.ToArray();

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<FakeHub> StartAsync()
    {
        var hub = new FakeHub();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.Run(hub.HandleAsync);
        await app.StartAsync();
        hub._app = app;
        hub._port = new Uri(app.Urls.First()).Port;
        return hub;
    }

    /// <summary>Makes a token valid (for reading; and writing when <paramref name="canWrite"/>).</summary>
    public void AddToken(string token, bool canWrite = true)
    {
        lock (_gate)
            _tokens[token] = canWrite;
    }

    /// <summary>Adds a dataset repo (with a <c>main</c> branch holding <c>.gitattributes</c>).</summary>
    public FakeHubRepo AddDataset(string repoId, bool isPrivate = false, bool gated = false)
    {
        lock (_gate)
            return _repos[repoId] = new FakeHubRepo(repoId, isPrivate, gated, _gate);
    }

    /// <summary>A dataset repo, or null.</summary>
    public FakeHubRepo? Dataset(string repoId)
    {
        lock (_gate)
            return _repos.GetValueOrDefault(repoId);
    }

    /// <summary>Whether an LFS object was uploaded.</summary>
    public bool HasLfsObject(string sha256)
    {
        lock (_gate)
            return _lfs.ContainsKey(sha256);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        context.Response.Headers["X-Request-Id"] = "Root=" + Guid.NewGuid().ToString("N");
        var question = raw.IndexOf('?');
        var path = question < 0 ? raw : raw[..question];
        var segments = path.Trim('/').Split('/');
        var method = context.Request.Method;
        try
        {
            switch (segments)
            {
                case ["api", "whoami-v2"] when method == "GET":
                    await WhoAmIAsync(context);
                    return;
                case ["api", "repos", "create"] when method == "POST":
                    await CreateRepoAsync(context);
                    return;
                case ["api", "datasets", var ns, var name, "parquet", .. var rest] when method == "GET":
                    await ParquetListingAsync(context, Id(ns, name), rest.Select(Uri.UnescapeDataString).ToArray());
                    return;
                case ["api", "datasets", var ns, var name, "tree", .. var rest] when method == "GET":
                    await TreeAsync(context, Id(ns, name), rest);
                    return;
                case ["api", "datasets", var ns, var name, "preupload", .. var rest] when method == "POST":
                    await PreuploadAsync(context, Id(ns, name), Revision(rest, out _));
                    return;
                case ["api", "datasets", var ns, var name, "commit", .. var rest] when method == "POST":
                    await CommitAsync(context, Id(ns, name), Revision(rest, out _));
                    return;
                case ["datasets", var ns, var name, "info", "lfs", "objects", "batch"] when method == "POST" && name.EndsWith(".git", StringComparison.Ordinal):
                    await LfsBatchAsync(context, Id(ns, name[..^4]));
                    return;
                case ["datasets", var ns, var name, "resolve", .. var rest] when method is "GET" or "HEAD":
                    await ResolveAsync(context, Id(ns, name), rest);
                    return;
                case ["lfs-upload", var oid] when method == "PUT":
                    await LfsUploadAsync(context, oid, part: null);
                    return;
                case ["lfs-upload", var oid, var part] when method == "PUT":
                    await LfsUploadAsync(context, oid, int.Parse(part, System.Globalization.CultureInfo.InvariantCulture));
                    return;
                case ["lfs-complete", var oid] when method == "POST":
                    await LfsCompleteAsync(context, oid);
                    return;
                case ["lfs-verify", var oid] when method == "POST":
                    await LfsVerifyAsync(context, oid);
                    return;
                case ["lfs-blob", var oid] when method is "GET" or "HEAD":
                    await LfsBlobAsync(context, oid);
                    return;
                case ["parquet"] when method == "GET":
                    await ViewerParquetAsync(context);
                    return;
                default:
                    await ErrorAsync(context, 404, "Not Found");
                    return;
            }
        }
        catch (JsonException e)
        {
            await ErrorAsync(context, 400, "Invalid JSON: " + e.Message);
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidOperationException)
        {
            await ErrorAsync(context, 400, e.Message);
        }
        finally
        {
            _requests.Enqueue(new FakeHubRequest(
                method,
                raw,
                context.Request.Host.Value ?? "",
                context.Request.Headers.Authorization.FirstOrDefault(),
                context.Request.Headers.IfNoneMatch.FirstOrDefault(),
                context.Response.StatusCode));
        }
    }

    private static string Id(string ns, string name) => Uri.UnescapeDataString(ns) + "/" + Uri.UnescapeDataString(name);

    /// <summary>Reads a revision from raw segments: one encoded segment (<c>refs%2Fconvert%2Fparquet</c>) or the
    /// unencoded <c>refs/convert/parquet</c> / <c>refs/pr/N</c>.</summary>
    private static string Revision(string[] segments, out int used)
    {
        if (segments.Length == 0)
        {
            used = 0;
            return "main";
        }

        var first = Uri.UnescapeDataString(segments[0]);
        if (first == "refs" && segments.Length >= 3 && segments[1] is "convert" or "pr")
        {
            used = 3;
            return $"refs/{segments[1]}/{Uri.UnescapeDataString(segments[2])}";
        }

        used = 1;
        return first;
    }

    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private (string? Token, bool Invalid, bool CanWrite) Caller(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        if (header is null)
            return (null, false, false);
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
        lock (_gate)
            return _tokens.TryGetValue(token, out var write) ? (token, false, write) : (null, true, false);
    }

    /// <summary>Read access as the Hub grants it; writes the error response and returns null when refused.</summary>
    private async Task<FakeHubRepo?> ReadableRepoAsync(HttpContext context, string repoId)
    {
        var (token, invalid, _) = Caller(context);
        if (invalid)
        {
            await ErrorAsync(context, 401, "Invalid credentials in Authorization header");
            return null;
        }

        var repo = Dataset(repoId);
        var notFound = $"Repository Not Found for url: {BaseUrl(context)}/api/datasets/{repoId}. Please make sure you specified the correct `repo_id` and `repo_type`. If you are trying to access a private or gated repo, make sure you are authenticated.";
        if (repo is null || (repo.IsPrivate && token is null))
        {
            await ErrorAsync(context, token is null ? 401 : 404, notFound, "RepoNotFound");
            return null;
        }

        if (repo.IsGated && token is null)
        {
            await ErrorAsync(context, 401, $"Access to dataset {repoId} is restricted. You must have access to it and be authenticated to access it. Please log in.", "GatedRepo");
            return null;
        }

        if (repo.IsGated && !repo.GrantedTokens.Contains(token!))
        {
            await ErrorAsync(context, 403, $"Access to dataset {repoId} is restricted and you are not in the authorized list. Visit {BaseUrl(context)}/datasets/{repoId} to ask for access.", "GatedRepo");
            return null;
        }

        return repo;
    }

    private async Task<bool> CanWriteAsync(HttpContext context)
    {
        var (token, invalid, canWrite) = Caller(context);
        if (invalid || token is null)
        {
            await ErrorAsync(context, 401, invalid ? "Invalid credentials in Authorization header" : "You must be authenticated to do this.");
            return false;
        }

        if (!canWrite)
        {
            await ErrorAsync(context, 403, "You don't have the rights to write to this repository: this token is read-only.");
            return false;
        }

        return true;
    }

    private async Task<FakeHubRepo?> WritableRepoAsync(HttpContext context, string repoId)
    {
        if (!await CanWriteAsync(context))
            return null;
        var repo = Dataset(repoId);
        if (repo is null)
            await ErrorAsync(context, 404, $"Repository Not Found for url: {BaseUrl(context)}/api/datasets/{repoId}.", "RepoNotFound");
        return repo;
    }

    private async Task WhoAmIAsync(HttpContext context)
    {
        var (token, _, _) = Caller(context);
        if (token is null)
        {
            await ErrorAsync(context, 401, "Invalid credentials in Authorization header");
            return;
        }

        await JsonAsync(context, new JsonObject { ["type"] = "user", ["name"] = UserName, ["orgs"] = new JsonArray() });
    }

    private async Task CreateRepoAsync(HttpContext context)
    {
        if (!await CanWriteAsync(context))
            return;
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : "model";
        if (type != "dataset")
        {
            await ErrorAsync(context, 400, $"This fake Hub only hosts datasets (type was '{type}').");
            return;
        }

        var name = root.GetProperty("name").GetString() ?? throw new FormatException("name is required");
        var organization = root.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : UserName;
        var isPrivate = root.TryGetProperty("visibility", out var v) ? v.GetString() == "private"
            : root.TryGetProperty("private", out var p) && p.ValueKind == JsonValueKind.True;
        var id = $"{organization}/{name}";
        var url = $"{BaseUrl(context)}/datasets/{id}";
        lock (_gate)
        {
            if (!_repos.ContainsKey(id))
            {
                _repos[id] = new FakeHubRepo(id, isPrivate, gated: false, _gate);
                id = "";
            }
        }

        if (id.Length > 0)
        {
            await JsonAsync(context, new JsonObject { ["error"] = "You already created this dataset repo", ["url"] = url }, 409);
            return;
        }

        await JsonAsync(context, new JsonObject { ["url"] = url, ["name"] = $"{organization}/{name}", ["id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) });
    }

    /// <summary>The conversion's shards: (config, split, folder, file name, size), in path order.</summary>
    private List<(string Config, string Split, string Folder, string File, long Size)> Conversion(FakeHubRepo repo)
    {
        lock (_gate)
        {
            var branch = repo.Branch(FakeHubRepo.ConvertedRevision);
            if (branch is null)
                return [];
            return branch
                .Where(f => f.Key.Split('/').Length == 3 && f.Key.EndsWith(".parquet", StringComparison.Ordinal))
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f =>
                {
                    var parts = f.Key.Split('/');
                    var split = parts[1].StartsWith("partial-", StringComparison.Ordinal) ? parts[1]["partial-".Length..] : parts[1];
                    return (parts[0], split, parts[1], parts[2], (long)f.Value.Content.Length);
                })
                .ToList();
        }
    }

    private async Task ParquetListingAsync(HttpContext context, string repoId, string[] rest)
    {
        var repo = await ReadableRepoAsync(context, repoId);
        if (repo is null)
            return;
        var shards = Conversion(repo);
        if (shards.Count == 0)
        {
            await ErrorAsync(context, 404, "Parquet conversion not found for this dataset");
            return;
        }

        var baseUrl = BaseUrl(context);
        string ShardUrl(string config, string split, int n) => $"{baseUrl}/api/datasets/{repoId}/parquet/{Uri.EscapeDataString(config)}/{Uri.EscapeDataString(split)}/{n}.parquet";
        JsonArray Urls(string config, string split)
            => new(shards.Where(s => s.Config == config && s.Split == split).Select((_, n) => (JsonNode)ShardUrl(config, split, n)).ToArray());

        switch (rest)
        {
            case []:
                var all = new JsonObject();
                foreach (var config in shards.Select(s => s.Config).Distinct())
                {
                    var splits = new JsonObject();
                    foreach (var split in shards.Where(s => s.Config == config).Select(s => s.Split).Distinct())
                        splits[split] = Urls(config, split);
                    all[config] = splits;
                }

                await JsonAsync(context, all);
                return;
            case [var config]:
                if (shards.All(s => s.Config != config))
                {
                    await ErrorAsync(context, 404, "Not found.");
                    return;
                }

                var byConfig = new JsonObject();
                foreach (var split in shards.Where(s => s.Config == config).Select(s => s.Split).Distinct())
                    byConfig[split] = Urls(config, split);
                await JsonAsync(context, byConfig);
                return;
            case [var config, var split]:
                var urls = Urls(config, split);
                if (urls.Count == 0)
                {
                    await ErrorAsync(context, 404, "Not found.");
                    return;
                }

                await JsonAsync(context, urls);
                return;
            case [var config, var split, var file] when file.EndsWith(".parquet", StringComparison.Ordinal)
                                                       && int.TryParse(file[..^8], out var n):
                var shard = shards.Where(s => s.Config == config && s.Split == split).Skip(n).Take(1).ToList();
                if (shard.Count == 0)
                {
                    await ErrorAsync(context, 404, "Entry not found", "EntryNotFound");
                    return;
                }

                context.Response.StatusCode = 302;
                context.Response.Headers.Location =
                    $"{baseUrl}/datasets/{repoId}/resolve/refs%2Fconvert%2Fparquet/{Uri.EscapeDataString(config)}/{Uri.EscapeDataString(shard[0].Folder)}/{shard[0].File}";
                return;
            default:
                await ErrorAsync(context, 404, "Not found.");
                return;
        }
    }

    private async Task TreeAsync(HttpContext context, string repoId, string[] rest)
    {
        var repo = await ReadableRepoAsync(context, repoId);
        if (repo is null)
            return;
        var revision = Revision(rest, out var used);
        var folder = string.Join('/', rest.Skip(used).Select(Uri.UnescapeDataString)).Trim('/');
        var recursive = context.Request.Query["recursive"].FirstOrDefault() is "true" or "True" or "1";
        var cursor = int.TryParse(context.Request.Query["cursor"].FirstOrDefault(), out var c) ? c : 0;

        List<JsonObject>? entries = null;
        var revisionExists = false;
        lock (_gate)
        {
            if (repo.Branch(revision) is { } branch)
            {
                revisionExists = true;
                var prefix = folder.Length == 0 ? "" : folder + "/";
                var below = branch.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                var result = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
                foreach (var (filePath, file) in below)
                {
                    var relative = filePath[prefix.Length..].Split('/');
                    var depth = recursive ? relative.Length : 1;
                    for (var d = 1; d <= depth; d++)
                    {
                        var entryPath = prefix + string.Join('/', relative.Take(d));
                        if (d == relative.Length)
                        {
                            var entry = new JsonObject { ["type"] = "file", ["oid"] = file.GitOid, ["size"] = file.Content.Length, ["path"] = entryPath };
                            if (file.Lfs)
                                entry["lfs"] = new JsonObject { ["oid"] = file.Sha256, ["size"] = file.Content.Length, ["pointerSize"] = 134 };
                            result[entryPath] = entry;
                        }
                        else
                        {
                            result[entryPath] = new JsonObject { ["type"] = "directory", ["oid"] = new string('0', 40), ["size"] = 0, ["path"] = entryPath };
                        }
                    }
                }

                if (folder.Length == 0 || below.Count > 0)
                    entries = result.Values.ToList();
            }
        }

        if (!revisionExists)
        {
            await ErrorAsync(context, 404, $"Invalid rev id: {revision}", "RevisionNotFound");
            return;
        }

        if (entries is null)
        {
            await ErrorAsync(context, 404, "Entry not found", "EntryNotFound");
            return;
        }

        var page = entries.Skip(cursor).Take(TreePageSize).ToList();
        if (cursor + page.Count < entries.Count)
        {
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            var path = raw.Contains('?') ? raw[..raw.IndexOf('?')] : raw;
            context.Response.Headers["Link"] = $"<{BaseUrl(context)}{path}?recursive={(recursive ? "true" : "false")}&expand=false&cursor={cursor + page.Count}>; rel=\"next\"";
        }

        await JsonAsync(context, new JsonArray(page.Select(e => (JsonNode)e).ToArray()));
    }

    private async Task ResolveAsync(HttpContext context, string repoId, string[] rest)
    {
        var repo = await ReadableRepoAsync(context, repoId);
        if (repo is null)
            return;
        var revision = Revision(rest, out var used);
        var path = string.Join('/', rest.Skip(used).Select(Uri.UnescapeDataString));
        FakeHubFile? file;
        string head;
        lock (_gate)
        {
            file = repo.Branch(revision)?.GetValueOrDefault(path);
            head = repo.Head(revision);
        }

        if (!repo.HasRevision(revision))
        {
            await ErrorAsync(context, 404, $"Invalid rev id: {revision}", "RevisionNotFound");
            return;
        }

        if (file is null)
        {
            await ErrorAsync(context, 404, "Entry not found", "EntryNotFound");
            return;
        }

        context.Response.Headers["X-Repo-Commit"] = head;
        var etag = $"\"{(file.Lfs ? file.Sha256 : file.GitOid)}\"";
        if (file.Lfs)
        {
            context.Response.Headers["X-Linked-Etag"] = etag;
            context.Response.Headers["X-Linked-Size"] = file.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            lock (_gate)
                _lfs.TryAdd(file.Sha256, file.Content);
            if (RedirectLfsDownloadsToOtherHost)
            {
                context.Response.Headers.ETag = etag;
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = $"{OtherHostEndpoint}/lfs-blob/{file.Sha256}";
                return;
            }
        }

        await Results.Bytes(file.Content, "application/octet-stream", enableRangeProcessing: true, entityTag: EntityTagHeaderValue.Parse(etag)).ExecuteAsync(context);
    }

    private async Task LfsBlobAsync(HttpContext context, string oid)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            await ErrorAsync(context, 400, "Only one auth mechanism allowed; only the presigned URL's signature is accepted");
            return;
        }

        byte[]? content;
        lock (_gate)
            content = _lfs.GetValueOrDefault(oid);
        if (content is null)
        {
            await ErrorAsync(context, 404, "Object not found");
            return;
        }

        await Results.Bytes(content, "application/octet-stream", enableRangeProcessing: true, entityTag: EntityTagHeaderValue.Parse($"\"{oid}\"")).ExecuteAsync(context);
    }

    private async Task PreuploadAsync(HttpContext context, string repoId, string revision)
    {
        var repo = await WritableRepoAsync(context, repoId);
        if (repo is null)
            return;
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var files = new JsonArray();
        string head;
        lock (_gate)
        {
            var branch = repo.Branch(revision) ?? [];
            head = repo.Head(revision);
            foreach (var file in body.RootElement.GetProperty("files").EnumerateArray())
            {
                var path = file.GetProperty("path").GetString()!;
                var size = file.GetProperty("size").GetInt64();
                var sample = Convert.FromBase64String(file.GetProperty("sample").GetString() ?? "");
                var lfs = size > 0 && (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || size >= 10 * 1024 * 1024 || sample.Contains((byte)0));
                var entry = new JsonObject { ["path"] = path, ["uploadMode"] = lfs ? "lfs" : "regular", ["shouldIgnore"] = false };
                if (branch.TryGetValue(path, out var existing))
                    entry["oid"] = existing.Lfs ? existing.Sha256 : existing.GitOid;
                files.Add(entry);
            }
        }

        await JsonAsync(context, new JsonObject { ["files"] = files, ["commitOid"] = head });
    }

    private async Task LfsBatchAsync(HttpContext context, string repoId)
    {
        var repo = await WritableRepoAsync(context, repoId);
        if (repo is null)
            return;
        if (!context.Request.ContentType?.StartsWith(LfsMediaType, StringComparison.Ordinal) ?? true)
        {
            await ErrorAsync(context, 415, $"Content-Type must be {LfsMediaType}");
            return;
        }

        if (!context.Request.Headers.Accept.Any(a => a?.Contains(LfsMediaType, StringComparison.Ordinal) == true))
        {
            await ErrorAsync(context, 406, $"Accept must include {LfsMediaType}");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (root.GetProperty("operation").GetString() != "upload")
        {
            await ErrorAsync(context, 400, "Only the upload operation is supported");
            return;
        }

        var transfers = root.GetProperty("transfers").EnumerateArray().Select(t => t.GetString()).ToList();
        var multipart = MultipartChunkSize is not null && transfers.Contains("multipart");
        if (!multipart && !transfers.Contains("basic"))
        {
            await ErrorAsync(context, 422, "No supported transfer adapter");
            return;
        }

        var baseUrl = BaseUrl(context);
        var objects = new JsonArray();
        foreach (var item in root.GetProperty("objects").EnumerateArray())
        {
            var oid = item.GetProperty("oid").GetString()!;
            var size = item.GetProperty("size").GetInt64();
            var entry = new JsonObject { ["oid"] = oid, ["size"] = size };
            bool stored;
            lock (_gate)
                stored = _lfs.ContainsKey(oid);
            if (!stored)
            {
                JsonObject upload;
                if (multipart)
                {
                    var chunk = MultipartChunkSize!.Value;
                    var header = new JsonObject { ["chunk_size"] = chunk.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    var count = Math.Max(1, (size + chunk - 1) / chunk);
                    for (var p = 1; p <= count; p++)
                        header[p.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)] = $"{baseUrl}/lfs-upload/{oid}/{p}";
                    upload = new JsonObject { ["href"] = $"{baseUrl}/lfs-complete/{oid}", ["header"] = header };
                }
                else
                {
                    upload = new JsonObject { ["href"] = $"{baseUrl}/lfs-upload/{oid}" };
                }

                entry["actions"] = new JsonObject { ["upload"] = upload, ["verify"] = new JsonObject { ["href"] = $"{baseUrl}/lfs-verify/{oid}" } };
            }

            objects.Add(entry);
        }

        await JsonAsync(context, new JsonObject { ["transfer"] = multipart ? "multipart" : "basic", ["objects"] = objects }, contentType: LfsMediaType);
    }

    private async Task LfsUploadAsync(HttpContext context, string oid, int? part)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            await ErrorAsync(context, 400, "Only one auth mechanism allowed; only the presigned URL's signature is accepted");
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        if (part is { } number)
        {
            lock (_gate)
            {
                if (!_parts.TryGetValue(oid, out var parts))
                    parts = _parts[oid] = [];
                parts[number] = bytes;
            }

            context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"";
            return;
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != oid)
        {
            await ErrorAsync(context, 400, "The uploaded content does not match the sha256 oid");
            return;
        }

        lock (_gate)
            _lfs[oid] = bytes;
    }

    private async Task LfsCompleteAsync(HttpContext context, string oid)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var listed = body.RootElement.GetProperty("parts").EnumerateArray()
            .Select(p => (Number: p.GetProperty("partNumber").GetInt32(), ETag: p.GetProperty("etag").GetString()))
            .ToList();
        byte[] assembled;
        lock (_gate)
        {
            if (!_parts.TryGetValue(oid, out var parts) || parts.Count != listed.Count)
            {
                assembled = [];
            }
            else
            {
                foreach (var (number, etag) in listed)
                {
                    if (!parts.TryGetValue(number, out var bytes) || etag != $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"")
                        throw new InvalidOperationException($"Part {number} is missing or its ETag does not match");
                }

                assembled = parts.OrderBy(p => p.Key).SelectMany(p => p.Value).ToArray();
            }
        }

        if (Convert.ToHexStringLower(SHA256.HashData(assembled)) != oid)
        {
            await ErrorAsync(context, 400, "The assembled parts do not match the sha256 oid");
            return;
        }

        lock (_gate)
        {
            _lfs[oid] = assembled;
            _parts.Remove(oid);
        }
    }

    private async Task LfsVerifyAsync(HttpContext context, string oid)
    {
        if (!await CanWriteAsync(context))
            return;
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var size = body.RootElement.GetProperty("size").GetInt64();
        byte[]? content;
        lock (_gate)
            content = _lfs.GetValueOrDefault(oid);
        if (content is null || content.Length != size)
        {
            await ErrorAsync(context, 404, "Object not found or of another size");
            return;
        }

        await JsonAsync(context, new JsonObject { ["message"] = "verified" });
    }

    private async Task CommitAsync(HttpContext context, string repoId, string revision)
    {
        var repo = await WritableRepoAsync(context, repoId);
        if (repo is null)
            return;
        if (!repo.HasRevision(revision))
        {
            await ErrorAsync(context, 404, $"Invalid rev id: {revision}", "RevisionNotFound");
            return;
        }

        if (context.Request.ContentType?.StartsWith("application/x-ndjson", StringComparison.Ordinal) != true)
        {
            await ErrorAsync(context, 400, "Content-Type must be application/x-ndjson");
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var operations = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        if (operations.Count == 0 || (string?)operations[0]["key"] != "header")
        {
            await ErrorAsync(context, 400, "The first line of a commit must be the header");
            return;
        }

        var summary = (string?)operations[0]["value"]?["summary"] ?? "";
        var changes = new List<Action<Dictionary<string, FakeHubFile>>>();
        foreach (var operation in operations.Skip(1))
        {
            var value = operation["value"]!;
            var path = (string)value["path"]!;
            switch ((string?)operation["key"])
            {
                case "file":
                    if ((string?)value["encoding"] != "base64")
                        throw new FormatException("file entries must be base64");
                    var content = Convert.FromBase64String((string)value["content"]!);
                    changes.Add(files => files[path] = FakeHubFile.Create(content, lfs: false));
                    break;
                case "lfsFile":
                    var oid = (string)value["oid"]!;
                    var size = (long)value["size"]!;
                    byte[]? stored;
                    lock (_gate)
                        stored = _lfs.GetValueOrDefault(oid);
                    if (stored is null || stored.Length != size || (string?)value["algo"] != "sha256")
                    {
                        await ErrorAsync(context, 422, $"Your push was rejected because an LFS pointer pointed to a file that does not exist in our storage: {path}");
                        return;
                    }

                    changes.Add(files => files[path] = FakeHubFile.Create(stored, lfs: true));
                    break;
                case "deletedFile":
                    changes.Add(files => files.Remove(path));
                    break;
                case "deletedFolder":
                    var prefix = path.TrimEnd('/') + "/";
                    changes.Add(files =>
                    {
                        foreach (var key in files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                            files.Remove(key);
                    });
                    break;
                default:
                    await ErrorAsync(context, 400, $"Unknown commit operation '{(string?)operation["key"]}'");
                    return;
            }
        }

        string commit;
        lock (_gate)
            commit = repo.Commit(revision, summary, files => changes.ForEach(change => change(files)));
        await JsonAsync(context, new JsonObject
        {
            ["success"] = true,
            ["commitOid"] = commit,
            ["commitUrl"] = $"{BaseUrl(context)}/datasets/{repoId}/commit/{commit}",
            ["hookOutput"] = "",
        });
    }

    private async Task ViewerParquetAsync(HttpContext context)
    {
        var dataset = context.Request.Query["dataset"].FirstOrDefault();
        if (string.IsNullOrEmpty(dataset))
        {
            await ErrorAsync(context, 422, "Parameter 'dataset' is required");
            return;
        }

        var (token, _, _) = Caller(context);
        var repo = Dataset(dataset);
        if (repo is null || ((repo.IsPrivate || repo.IsGated) && token is null) || (repo.IsGated && !repo.GrantedTokens.Contains(token!)))
        {
            await ErrorAsync(context, 404, "The dataset does not exist, or is not accessible without authentication (private or gated). Please check the spelling of the dataset name or retry with authentication.", "ResponseNotFound");
            return;
        }

        var config = context.Request.Query["config"].FirstOrDefault();
        var shards = Conversion(repo).Where(s => config is null || s.Config == config).ToList();
        if (config is not null && shards.Count == 0)
        {
            await ErrorAsync(context, 404, "Not found.");
            return;
        }

        var baseUrl = BaseUrl(context);
        var files = new JsonArray(shards.Select(s => (JsonNode)new JsonObject
        {
            ["dataset"] = dataset,
            ["config"] = s.Config,
            ["split"] = s.Split,
            ["url"] = $"{baseUrl}/datasets/{dataset}/resolve/refs%2Fconvert%2Fparquet/{Uri.EscapeDataString(s.Config)}/{Uri.EscapeDataString(s.Folder)}/{s.File}",
            ["filename"] = s.File,
            ["size"] = s.Size,
        }).ToArray());
        await JsonAsync(context, new JsonObject { ["parquet_files"] = files, ["pending"] = new JsonArray(), ["failed"] = new JsonArray(), ["partial"] = false });
    }

    private static async Task JsonAsync(HttpContext context, JsonNode body, int status = 200, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.ToJsonString(JsonOptions));
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string? code = null)
    {
        if (code is not null)
            context.Response.Headers["X-Error-Code"] = code;
        context.Response.Headers["X-Error-Message"] = message;
        return JsonAsync(context, new JsonObject { ["error"] = message }, status);
    }
}

using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Distilabel.Data.Hub;

/// <summary>
/// Loads dataset splits from the Hugging Face Hub as streams of rows, and pushes rows as a Parquet split.
/// Follows the Hub's HTTP contract (see <c>shared/specs/hf-hub-api.md</c>):
/// <list type="bullet">
/// <item>Load (revision <c>main</c>): <c>GET /api/datasets/{repo}/parquet</c> lists the Parquet conversion's files
/// per config and split; each URL redirects to <c>/datasets/{repo}/resolve/refs%2Fconvert%2Fparquet/…</c>.
/// Without a conversion (e.g. a private dataset), or for another revision, the repository's own Parquet files are
/// found with <c>GET /api/datasets/{repo}/tree/{revision}?recursive=true</c> (paginated with <c>Link</c>) and read
/// through <c>resolve/{revision}/{path}</c>.</item>
/// <item>Shards are downloaded one at a time and read row group by row group; loading stops once the slice is
/// complete (later shards are never downloaded). Slices with percentages or negative bounds need the split's row
/// count, so every shard is downloaded first.</item>
/// <item>Push: create the repo, preupload, LFS batch (basic or multipart) + upload + verify, then one NDJSON
/// commit adding <c>data/{split}-00000-of-00001.parquet</c> (and a README card for a new repo) and deleting the
/// split's older shards.</item>
/// </list>
/// </summary>
public static partial class HubDatasets
{
    private const string ConvertedRevision = "refs/convert/parquet";

    /// <summary>
    /// Streams rows of a split: <c>HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:1000]")</c>. Errors are
    /// <see cref="HubException"/> (not found, needs a token, unreachable), <see cref="FormatException"/> (bad split
    /// syntax, at once) or <see cref="DatasetFormatException"/> (a corrupt file).
    /// </summary>
    public static IAsyncEnumerable<Row> LoadAsync(string repoId, string split = "train", HubOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateRepoId(repoId);
        var selection = SplitSelection.Parse(split);
        return LoadCoreAsync(repoId, selection, options ?? new HubOptions(), cancellationToken);
    }

    /// <summary>The configs of a dataset and their splits, as the loader sees them (in the Hub's order).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListSplitsAsync(string repoId, HubOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateRepoId(repoId);
        options ??= new HubOptions();
        using var client = new HubClient(options);
        var layout = await GetLayoutAsync(client, repoId, options, cancellationToken).ConfigureAwait(false);
        return layout.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Value.Keys.ToList());
    }

    private static async IAsyncEnumerable<Row> LoadCoreAsync(string repoId, SplitSelection selection, HubOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var client = new HubClient(options);
        var layout = await GetLayoutAsync(client, repoId, options, cancellationToken).ConfigureAwait(false);
        var readOptions = new DatasetReadOptions { Columns = options.Columns };
        foreach (var part in selection.Parts)
        {
            var files = FilesOf(layout, repoId, part.Split, options.Config);
            var downloaded = new Dictionary<int, Download>();
            try
            {
                long? rowCount = null;
                if (part.NeedsRowCount)
                {
                    rowCount = 0;
                    for (var i = 0; i < files.Count; i++)
                    {
                        downloaded[i] = await DownloadAsync(client, repoId, files[i], options, cancellationToken).ConfigureAwait(false);
                        rowCount += await ParquetRowReader.CountRowsAsync(downloaded[i].Path, files[i].Name, cancellationToken).ConfigureAwait(false);
                    }
                }

                var (skip, stop) = part.Resolve(rowCount);
                long? remaining = stop - skip;
                for (var i = 0; i < files.Count && remaining is not <= 0; i++)
                {
                    if (!downloaded.TryGetValue(i, out var file))
                        file = downloaded[i] = await DownloadAsync(client, repoId, files[i], options, cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var count = await ParquetRowReader.CountRowsAsync(file.Path, files[i].Name, cancellationToken).ConfigureAwait(false);
                        if (skip >= count)
                        {
                            skip -= count;
                            continue;
                        }

                        await foreach (var row in ParquetRowReader.ReadRangeAsync(file.Path, files[i].Name, readOptions, skip, remaining, cancellationToken).ConfigureAwait(false))
                        {
                            remaining--;
                            yield return row;
                        }

                        skip = 0;
                    }
                    finally
                    {
                        file.Release();
                        downloaded.Remove(i);
                    }
                }
            }
            finally
            {
                foreach (var file in downloaded.Values)
                    file.Release();
            }
        }
    }

    /// <summary>config → split → Parquet files, from the conversion listing (revision main) or the repository tree.</summary>
    private static async Task<Dictionary<string, Dictionary<string, List<HubFile>>>> GetLayoutAsync(
        HubClient client, string repoId, HubOptions options, CancellationToken cancellationToken)
    {
        var revision = string.IsNullOrEmpty(options.Revision) ? "main" : options.Revision;
        if (revision == "main")
        {
            var converted = await GetConvertedLayoutAsync(client, repoId, cancellationToken).ConfigureAwait(false);
            if (converted is { Count: > 0 })
                return converted;
        }

        return await GetTreeLayoutAsync(client, repoId, revision, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, Dictionary<string, List<HubFile>>>?> GetConvertedLayoutAsync(
        HubClient client, string repoId, CancellationToken cancellationToken)
    {
        const string action = "listing the Parquet files of";
        using var response = await client.SendAsync(
            HttpMethod.Get, client.Url($"api/datasets/{EscapeRepo(repoId)}/parquet"), repoId, action, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var error = await client.ErrorAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
            if (error.ErrorCode == "RepoNotFound")
                throw error;
            return null; // No conversion: read the repository's own files.
        }

        await client.EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        using var json = await client.ReadJsonAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        if (json.RootElement.ValueKind != JsonValueKind.Object)
            return null;
        var layout = new Dictionary<string, Dictionary<string, List<HubFile>>>(StringComparer.Ordinal);
        foreach (var config in json.RootElement.EnumerateObject())
        {
            if (config.Value.ValueKind != JsonValueKind.Object)
                continue;
            var splits = layout[config.Name] = new Dictionary<string, List<HubFile>>(StringComparer.Ordinal);
            foreach (var split in config.Value.EnumerateObject())
            {
                if (split.Value.ValueKind != JsonValueKind.Array)
                    continue;
                var files = splits[split.Name] = [];
                var n = 0;
                foreach (var url in split.Value.EnumerateArray())
                {
                    if (url.GetString() is { } text && Uri.TryCreate(client.Endpoint, text, out var uri))
                        files.Add(new HubFile(uri, $"{repoId}:{config.Name}/{split.Name}/{n++}.parquet"));
                }
            }
        }

        return layout;
    }

    private static async Task<Dictionary<string, Dictionary<string, List<HubFile>>>> GetTreeLayoutAsync(
        HubClient client, string repoId, string revision, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await foreach (var entry in ListTreeAsync(client, repoId, revision, "", recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (entry.IsFile && entry.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                paths.Add(entry.Path);
        }

        paths.Sort(StringComparer.Ordinal);
        var layout = new Dictionary<string, Dictionary<string, List<HubFile>>>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (SplitOfPath(path) is not { } located)
                continue;
            if (!layout.TryGetValue(located.Config, out var splits))
                splits = layout[located.Config] = new Dictionary<string, List<HubFile>>(StringComparer.Ordinal);
            if (!splits.TryGetValue(located.Split, out var files))
                files = splits[located.Split] = [];
            var url = client.Url($"datasets/{EscapeRepo(repoId)}/resolve/{Uri.EscapeDataString(revision)}/{EscapePath(path)}");
            files.Add(new HubFile(url, $"{repoId}@{revision}:{path}"));
        }

        if (layout.Count == 0)
        {
            throw new HubException(
                $"Dataset '{repoId}' has no Parquet files at revision '{revision}' (and no Parquet conversion): this loader reads Parquet only.",
                repoId,
                errorCode: "SplitNotFound");
        }

        return layout;
    }

    /// <summary>Where a repository file belongs, by the layouts <c>datasets</c> recognises:
    /// <c>data/{split}-00000-of-00001.parquet</c> (push_to_hub, config "default"), <c>{config}/{split}-….parquet</c>,
    /// <c>{config}/{split}/NNNN.parquet</c> (the conversion layout); otherwise config "default" and the split named by
    /// a keyword in the file or folder names (train/training, validation/valid/dev/val, test/testing/eval/evaluation),
    /// else "train".</summary>
    internal static (string Config, string Split)? SplitOfPath(string path)
    {
        var segments = path.Split('/');
        var fileName = segments[^1];
        var pushed = ShardPattern().Match(fileName);
        if (segments.Length == 2 && pushed.Success)
            return (segments[0] == "data" ? "default" : segments[0], pushed.Groups["split"].Value);
        if (segments.Length == 3 && NumberedShard().IsMatch(fileName))
        {
            var split = segments[1].StartsWith("partial-", StringComparison.Ordinal) ? segments[1]["partial-".Length..] : segments[1];
            return (segments[0], split);
        }

        foreach (var (keyword, split) in SplitKeywords)
        {
            var folders = segments.AsSpan(0, segments.Length - 1);
            if (folders.Contains(keyword) || KeywordStart(fileName, keyword))
                return ("default", split);
        }

        return ("default", "train");
    }

    private static readonly (string Keyword, string Split)[] SplitKeywords =
    [
        ("training", "train"), ("train", "train"),
        ("validation", "validation"), ("valid", "validation"), ("dev", "validation"), ("val", "validation"),
        ("testing", "test"), ("test", "test"), ("evaluation", "test"), ("eval", "test"),
    ];

    private static bool KeywordStart(string fileName, string keyword)
        => fileName.StartsWith(keyword, StringComparison.OrdinalIgnoreCase)
           && (fileName.Length == keyword.Length || fileName[keyword.Length] is '-' or '.' or '_' or ' ' or (>= '0' and <= '9'));

    private static List<HubFile> FilesOf(Dictionary<string, Dictionary<string, List<HubFile>>> layout, string repoId, string split, string? requestedConfig)
    {
        string config;
        if (requestedConfig is not null)
        {
            if (!layout.ContainsKey(requestedConfig))
            {
                throw new HubException(
                    $"Config '{requestedConfig}' not found in dataset '{repoId}'; available configs: {string.Join(", ", layout.Keys)}.",
                    repoId,
                    HttpStatusCode.NotFound,
                    "ConfigNotFound");
            }

            config = requestedConfig;
        }
        else if (layout.ContainsKey("default"))
        {
            config = "default";
        }
        else if (layout.Count == 1)
        {
            config = layout.Keys.Single();
        }
        else
        {
            throw new HubException(
                $"Dataset '{repoId}' has several configs ({string.Join(", ", layout.Keys)}): choose one with HubOptions.Config.",
                repoId,
                errorCode: "ConfigNotFound");
        }

        var splits = layout[config];
        if (!splits.TryGetValue(split, out var files) || files.Count == 0)
        {
            throw new HubException(
                $"Split '{split}' not found in dataset '{repoId}' (config '{config}'); available splits: {string.Join(", ", splits.Keys)}.",
                repoId,
                HttpStatusCode.NotFound,
                "SplitNotFound");
        }

        return files;
    }

    private static async IAsyncEnumerable<TreeEntry> ListTreeAsync(
        HubClient client, string repoId, string revision, string path, bool recursive, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string action = "listing the files of";
        var suffix = path.Length == 0 ? "" : "/" + EscapePath(path);
        Uri? url = client.Url($"api/datasets/{EscapeRepo(repoId)}/tree/{Uri.EscapeDataString(revision)}{suffix}?recursive={(recursive ? "true" : "false")}&expand=false");
        while (url is not null)
        {
            List<TreeEntry> entries = [];
            using (var response = await client.SendAsync(HttpMethod.Get, url, repoId, action, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await client.EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
                using var json = await client.ReadJsonAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
                if (json.RootElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in json.RootElement.EnumerateArray())
                    {
                        if (item.TryGetProperty("path", out var p) && p.GetString() is { } entryPath)
                            entries.Add(new TreeEntry(entryPath, item.TryGetProperty("type", out var t) && t.GetString() == "file"));
                    }
                }

                url = NextLink(response, url);
            }

            foreach (var entry in entries)
                yield return entry;
        }
    }

    /// <summary>The RFC 5988 <c>Link: &lt;…&gt;; rel="next"</c> target, or null.</summary>
    internal static Uri? NextLink(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var header in values)
        {
            foreach (var link in header.Split(','))
            {
                var match = LinkPattern().Match(link);
                if (match.Success && match.Groups["rel"].Value.Split(' ').Contains("next"))
                    return new Uri(current, match.Groups["url"].Value);
            }
        }

        return null;
    }

    private static async Task<Download> DownloadAsync(HubClient client, string repoId, HubFile file, HubOptions options, CancellationToken cancellationToken)
    {
        const string action = "downloading a Parquet file of";
        string? cachePath = null;
        string? etag = null;
        if (options.CacheDirectory is { } cacheDirectory)
        {
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file.Url.AbsoluteUri)))[..24];
            cachePath = Path.Combine(Path.GetFullPath(cacheDirectory), "datasets", repoId.Replace('/', Path.DirectorySeparatorChar), key + ".parquet");
            if (File.Exists(cachePath) && File.Exists(cachePath + ".etag"))
                etag = (await File.ReadAllTextAsync(cachePath + ".etag", cancellationToken).ConfigureAwait(false)).Trim();
        }

        using var response = await client.SendAsync(
            HttpMethod.Get,
            file.Url,
            repoId,
            action,
            headers: etag is null ? null : h => h.TryAddWithoutValidation("If-None-Match", etag),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified && cachePath is not null)
            return new Download(cachePath, Temporary: false);
        await client.EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);

        var directory = cachePath is null ? Path.GetTempPath() : Path.GetDirectoryName(cachePath)!;
        Directory.CreateDirectory(directory);
        var partial = Path.Combine(directory, $".distilabel-hub-{Guid.NewGuid():N}.parquet.part");
        try
        {
            long written;
            await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                try
                {
                    await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    throw new HubException(client.Scrub($"The download of {file.Name} from the Hub broke off: {e.Message}"), repoId, innerException: e);
                }

                written = target.Length;
            }

            if (response.Content.Headers.ContentLength is { } expected && expected != written)
                throw new HubException($"The download of {file.Name} is incomplete ({written} of {expected} bytes).", repoId);

            if (cachePath is null)
                return new Download(partial, Temporary: true);
            File.Move(partial, cachePath, overwrite: true);
            var newEtag = response.Headers.ETag?.ToString();
            if (newEtag is not null)
                await File.WriteAllTextAsync(cachePath + ".etag", newEtag, cancellationToken).ConfigureAwait(false);
            else
                File.Delete(cachePath + ".etag");
            return new Download(cachePath, Temporary: false);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    internal static void ValidateRepoId(string repoId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoId);
        if (!RepoIdPattern().IsMatch(repoId))
            throw new ArgumentException($"'{repoId}' is not a dataset id: expected 'namespace/name' (e.g. 'nvidia/HelpSteer').", nameof(repoId));
    }

    internal static string EscapeRepo(string repoId) => string.Join('/', repoId.Split('/').Select(Uri.EscapeDataString));

    internal static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"^[\w.\-]+(/[\w.\-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex(@"^(?<split>\w[\w.]*?)-\d{5}-of-\d{5}.*\.parquet$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ShardPattern();

    [GeneratedRegex(@"^\d+\.parquet$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NumberedShard();

    [GeneratedRegex(@"<(?<url>[^>]+)>\s*;\s*rel=""?(?<rel>[^"";]+)""?", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    private sealed record HubFile(Uri Url, string Name);

    private sealed record TreeEntry(string Path, bool IsFile);

    private sealed record Download(string Path, bool Temporary)
    {
        public void Release()
        {
            if (Temporary)
                TryDelete(Path);
        }
    }
}

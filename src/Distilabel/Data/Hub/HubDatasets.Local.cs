using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Distilabel.Data.Hub;

public static partial class HubDatasets
{
    /// <summary>
    /// Downloads what a split selection needs into <see cref="HubOptions.CacheDirectory"/> (each shard once; a
    /// cached shard is revalidated with its ETag) and says which rows of which local file it reads. With
    /// <c>HF_HUB_OFFLINE</c> set, nothing is asked of the Hub: the last resolution of the same selection is read
    /// from the cache, or it fails naming the dataset.
    /// </summary>
    internal static async Task<IReadOnlyList<LocalSegment>> DownloadSelectionAsync(string repoId, SplitSelection selection, HubOptions options, CancellationToken cancellationToken)
    {
        ValidateRepoId(repoId);
        var key = $"split|{repoId}|{options.Revision ?? "main"}|{options.Config}|{selection}";
        if (IsOffline())
            return await ReadManifestAsync(repoId, key, options, cancellationToken).ConfigureAwait(false);
        using var client = new HubClient(options);
        var layout = await GetLayoutAsync(client, repoId, options, cancellationToken).ConfigureAwait(false);
        var segments = new List<LocalSegment>();
        foreach (var part in selection.Parts)
        {
            var files = FilesOf(layout, repoId, part.Split, options.Config);
            var local = new List<(string Path, string Name, long Rows)>();
            long? rowCount = null;
            if (part.NeedsRowCount)
            {
                rowCount = 0;
                foreach (var file in files)
                {
                    var path = (await DownloadAsync(client, repoId, file, options, cancellationToken).ConfigureAwait(false)).Path;
                    var rows = await ParquetRowReader.CountRowsAsync(path, file.Name, cancellationToken).ConfigureAwait(false);
                    local.Add((path, file.Name, rows));
                    rowCount += rows;
                }
            }

            var (skip, stop) = part.Resolve(rowCount);
            long? remaining = stop - skip;
            for (var i = 0; i < files.Count && remaining is not <= 0; i++)
            {
                if (i >= local.Count)
                {
                    var path = (await DownloadAsync(client, repoId, files[i], options, cancellationToken).ConfigureAwait(false)).Path;
                    local.Add((path, files[i].Name, await ParquetRowReader.CountRowsAsync(path, files[i].Name, cancellationToken).ConfigureAwait(false)));
                }

                var (filePath, name, count) = local[i];
                if (skip >= count)
                {
                    skip -= count;
                    continue;
                }

                var take = remaining is { } r ? Math.Min(r, count - skip) : count - skip;
                segments.Add(new LocalSegment(filePath, name, skip, take));
                remaining -= take;
                skip = 0;
            }
        }

        await WriteManifestAsync(repoId, key, options, segments, cancellationToken).ConfigureAwait(false);
        return segments;
    }

    /// <summary>Downloads the repository files at <paramref name="revision"/> whose path matches
    /// <paramref name="pattern"/> (a path, or a glob with <c>*</c>, <c>**</c> and <c>?</c>), in path order.</summary>
    internal static async Task<IReadOnlyList<LocalSegment>> DownloadFilesAsync(string repoId, string? revision, string pattern, HubOptions options, CancellationToken cancellationToken)
    {
        ValidateRepoId(repoId);
        revision = string.IsNullOrEmpty(revision) ? "main" : revision;
        var key = $"files|{repoId}|{revision}|{pattern}";
        if (IsOffline())
            return await ReadManifestAsync(repoId, key, options, cancellationToken).ConfigureAwait(false);
        using var client = new HubClient(options);
        var glob = GlobToRegex(pattern);
        var paths = new List<string>();
        await foreach (var entry in ListTreeAsync(client, repoId, revision, "", recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (entry.IsFile && glob.IsMatch(entry.Path))
                paths.Add(entry.Path);
        }

        if (paths.Count == 0)
            throw new HubException($"No file of dataset '{repoId}' at revision '{revision}' matches '{pattern}'.", repoId, System.Net.HttpStatusCode.NotFound, "EntryNotFound");
        paths.Sort(StringComparer.Ordinal);
        var segments = new List<LocalSegment>();
        foreach (var path in paths)
        {
            var url = client.Url($"datasets/{EscapeRepo(repoId)}/resolve/{Uri.EscapeDataString(revision)}/{EscapePath(path)}");
            var name = $"{repoId}@{revision}:{path}";
            var download = await DownloadAsync(client, repoId, new HubFile(url, name), options, cancellationToken).ConfigureAwait(false);
            segments.Add(new LocalSegment(download.Path, name, 0, null));
        }

        await WriteManifestAsync(repoId, key, options, segments, cancellationToken).ConfigureAwait(false);
        return segments;
    }

    /// <summary>Whether <c>HF_HUB_OFFLINE</c> is set to a true value (as <c>huggingface_hub</c> reads it).</summary>
    internal static bool IsOffline()
        => Environment.GetEnvironmentVariable("HF_HUB_OFFLINE")?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    internal static Regex GlobToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static string ManifestPath(string repoId, string key, HubOptions options)
    {
        var cache = options.CacheDirectory ?? throw new InvalidOperationException("A cache folder is needed.");
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24] + ".json";
        return Path.Combine(Path.GetFullPath(cache), "datasets", repoId.Replace('/', Path.DirectorySeparatorChar), "selections", name);
    }

    private static async Task WriteManifestAsync(string repoId, string key, HubOptions options, List<LocalSegment> segments, CancellationToken cancellationToken)
    {
        if (options.CacheDirectory is null)
            return;
        var path = ManifestPath(repoId, key, options);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + $".tmp-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(segments), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private static async Task<IReadOnlyList<LocalSegment>> ReadManifestAsync(string repoId, string key, HubOptions options, CancellationToken cancellationToken)
    {
        var path = options.CacheDirectory is null ? null : ManifestPath(repoId, key, options);
        List<LocalSegment>? segments = null;
        if (path is not null && File.Exists(path))
            segments = JsonSerializer.Deserialize<List<LocalSegment>>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        if (segments is null || segments.Any(s => !File.Exists(s.Path)))
        {
            throw new HubException(
                $"HF_HUB_OFFLINE is set and dataset '{repoId}' ({key.Split('|')[^1]}) is not in the cache{(options.CacheDirectory is null ? "" : $" ({options.CacheDirectory})")}: run once online, or unset HF_HUB_OFFLINE.",
                repoId,
                errorCode: "Offline");
        }

        return segments;
    }
}

/// <summary>Rows <paramref name="Skip"/> … <paramref name="Skip"/> + <paramref name="Take"/> (all when null) of a
/// downloaded Parquet file; <paramref name="Name"/> names it in messages.</summary>
internal sealed record LocalSegment(string Path, string Name, long Skip, long? Take);

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Distilabel.Data.Hub;

public static partial class HubDatasets
{
    private const string LfsMediaType = "application/vnd.git-lfs+json";

    /// <summary>
    /// Pushes a dataset file (.parquet, .jsonl, .csv) as a split, with a card written from the run facts recorded
    /// with it (<see cref="RunFacts.ReadAsync"/>). A Parquet file keeps its exact column types and metadata.
    /// </summary>
    public static async Task<HubCommitInfo> PushFileAsync(string path, string repoId, string split = "train", HubPushOptions? options = null, CancellationToken cancellationToken = default)
    {
        var source = await DatasetSource.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        options ??= new HubPushOptions();
        options = options with
        {
            Facts = options.Facts ?? await RunFacts.ReadAsync(path, cancellationToken).ConfigureAwait(false),
            Parquet = (options.Parquet ?? new DatasetWriteOptions()) with { SourceSchema = options.Parquet?.SourceSchema ?? source.ParquetSchema },
        };
        return await PushAsync(source.ReadAsync(cancellationToken: cancellationToken), repoId, split, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads rows as the Parquet split <c>data/{split}-00000-of-00001.parquet</c> of dataset
    /// <paramref name="repoId"/> (created if needed, private by default), replacing the split's older shards, in
    /// one commit on <c>main</c>. Needs a token with write access (<c>HF_TOKEN</c>). The rows stream to a temporary
    /// Parquet file first (deleted afterwards). The README is the dataset card (<see cref="DatasetCard"/>), written
    /// from the rows and <see cref="HubPushOptions.Facts"/> for a new repository, or on every push with facts.
    /// </summary>
    public static async Task<HubCommitInfo> PushAsync<TRow>(
        IAsyncEnumerable<TRow> rows,
        string repoId,
        string split = "train",
        HubPushOptions? options = null,
        CancellationToken cancellationToken = default)
        where TRow : IReadOnlyDictionary<string, object?>
    {
        ArgumentNullException.ThrowIfNull(rows);
        ValidateRepoId(repoId);
        if (!repoId.Contains('/'))
            throw new ArgumentException($"'{repoId}' is not a dataset id: pushing needs 'namespace/name' (your user or organisation name first).", nameof(repoId));
        if (string.IsNullOrWhiteSpace(split) || split.Any(c => !(char.IsLetterOrDigit(c) || c is '_' or '.')))
            throw new ArgumentException($"'{split}' is not a split name (letters, digits, '_' and '.').", nameof(split));
        options ??= new HubPushOptions();
        using var client = new HubClient(options);
        if (!client.HasToken)
            throw new HubException($"Pushing dataset '{repoId}' needs a Hugging Face token with write access: set HF_TOKEN (or HubPushOptions.Token).", repoId);

        var folder = Path.Combine(Path.GetTempPath(), $"distilabel-push-{Guid.NewGuid():N}");
        try
        {
            var parquetFile = Path.Combine(folder, $"{split}.parquet");
            long rowCount;
            var tally = new CardTally(options.Facts);
            await using (var writer = ParquetRowWriter.Create(parquetFile, options.Parquet))
            {
                await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    await writer.WriteAsync(row, cancellationToken).ConfigureAwait(false);
                    tally.Add(row);
                }

                if (options.Facts is { } facts)
                    writer.Metadata[RunFacts.MetadataKey] = facts.ToJson();
                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                rowCount = writer.RowsWritten;
            }

            var created = await CreateRepoAsync(client, repoId, options.Private, cancellationToken).ConfigureAwait(false);
            var pathInRepo = $"data/{split}-00000-of-00001.parquet";
            var uploads = new List<Upload> { await Upload.FromFileAsync(pathInRepo, parquetFile, cancellationToken).ConfigureAwait(false) };
            // A new repository gets a card; an existing one keeps its README unless these rows come with run facts
            // (a labelled dataset: the card describes the run that made it).
            if (created || options.Facts is not null)
            {
                var card = DatasetCard.Build(repoId, split, tally.Features, rowCount, options.Facts, options.License, tally.Ratings);
                uploads.Add(Upload.FromBytes("README.md", Encoding.UTF8.GetBytes(card)));
            }

            var stale = created ? [] : await StaleShardsAsync(client, repoId, split, pathInRepo, cancellationToken).ConfigureAwait(false);
            await PreuploadAsync(client, repoId, uploads, cancellationToken).ConfigureAwait(false);
            await UploadLfsAsync(client, repoId, uploads.Where(u => u.Mode == "lfs").ToList(), cancellationToken).ConfigureAwait(false);
            var summary = options.CommitMessage ?? $"Upload {split} split with Distilabel.NET";
            var (commitOid, commitUrl) = await CommitAsync(client, repoId, summary, uploads, stale, cancellationToken).ConfigureAwait(false);
            return new HubCommitInfo(repoId, client.Url($"datasets/{EscapeRepo(repoId)}"), commitOid, commitUrl, pathInRepo, rowCount, created);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary><c>POST /api/repos/create</c>; true when created, false when it already existed (409).</summary>
    private static async Task<bool> CreateRepoAsync(HubClient client, string repoId, bool isPrivate, CancellationToken cancellationToken)
    {
        const string action = "creating the dataset repository";
        var slash = repoId.IndexOf('/');
        var body = new JsonObject
        {
            ["type"] = "dataset",
            ["name"] = repoId[(slash + 1)..],
            ["organization"] = repoId[..slash],
            ["visibility"] = isPrivate ? "private" : "public",
        };
        using var response = await client.SendAsync(
            HttpMethod.Post, client.Url("api/repos/create"), repoId, action, () => JsonContent(body), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return false;
        await client.EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The split's shards already on <c>main</c> (other than the one being written), to delete in the commit.</summary>
    private static async Task<List<string>> StaleShardsAsync(HubClient client, string repoId, string split, string pathInRepo, CancellationToken cancellationToken)
    {
        var stale = new List<string>();
        try
        {
            await foreach (var entry in ListTreeAsync(client, repoId, "main", "data", recursive: false, cancellationToken).ConfigureAwait(false))
            {
                var name = entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
                if (entry.IsFile && entry.Path != pathInRepo && name.StartsWith(split + "-", StringComparison.Ordinal) && SplitOfPath(entry.Path) is { Split: var s } && s == split)
                    stale.Add(entry.Path);
            }
        }
        catch (HubException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "EntryNotFound" or null)
        {
            // No data folder yet.
        }

        return stale;
    }

    /// <summary><c>POST /api/datasets/{repo}/preupload/main</c>: the Hub decides "lfs" or "regular" per file.</summary>
    private static async Task PreuploadAsync(HubClient client, string repoId, List<Upload> uploads, CancellationToken cancellationToken)
    {
        const string action = "preparing the upload to";
        var files = new JsonArray();
        foreach (var upload in uploads)
            files.Add(new JsonObject { ["path"] = upload.PathInRepo, ["sample"] = upload.Sample, ["size"] = upload.Size });
        var body = new JsonObject { ["files"] = files };
        using var response = await client.SendAsync(
            HttpMethod.Post, client.Url($"api/datasets/{EscapeRepo(repoId)}/preupload/main"), repoId, action, () => JsonContent(body), cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        using var json = await client.ReadJsonAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        foreach (var file in json.RootElement.GetProperty("files").EnumerateArray())
        {
            var path = file.GetProperty("path").GetString();
            var upload = uploads.FirstOrDefault(u => u.PathInRepo == path);
            if (upload is null)
                continue;
            upload.Mode = file.TryGetProperty("uploadMode", out var mode) ? mode.GetString() ?? "regular" : "regular";
            if (file.TryGetProperty("shouldIgnore", out var ignore) && ignore.ValueKind == JsonValueKind.True)
                throw new HubException($"The Hub would ignore '{path}' in dataset '{repoId}' (its .gitignore matches it).", repoId);
        }

        foreach (var upload in uploads.Where(u => u.Size == 0))
            upload.Mode = "regular";
    }

    /// <summary>Git LFS batch API (basic or multipart transfer), then the uploads and verifications it asks for.</summary>
    private static async Task UploadLfsAsync(HubClient client, string repoId, List<Upload> uploads, CancellationToken cancellationToken)
    {
        if (uploads.Count == 0)
            return;
        const string action = "uploading (LFS batch) to";
        var objects = new JsonArray();
        foreach (var upload in uploads)
            objects.Add(new JsonObject { ["oid"] = upload.Sha256, ["size"] = upload.Size });
        var body = new JsonObject
        {
            ["operation"] = "upload",
            ["transfers"] = new JsonArray("basic", "multipart"),
            ["objects"] = objects,
            ["hash_algo"] = "sha256",
            ["ref"] = new JsonObject { ["name"] = "main" },
        };
        using var response = await client.SendAsync(
            HttpMethod.Post,
            client.Url($"datasets/{EscapeRepo(repoId)}.git/info/lfs/objects/batch"),
            repoId,
            action,
            () => JsonContent(body, LfsMediaType),
            h => h.Accept.Add(new MediaTypeWithQualityHeaderValue(LfsMediaType)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        using var json = await client.ReadJsonAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        var transfer = json.RootElement.TryGetProperty("transfer", out var t) ? t.GetString() ?? "basic" : "basic";
        foreach (var item in json.RootElement.GetProperty("objects").EnumerateArray())
        {
            var oid = item.GetProperty("oid").GetString();
            var upload = uploads.FirstOrDefault(u => u.Sha256 == oid)
                         ?? throw new HubException($"The Hub's LFS batch answer names an object that was not asked for while uploading to '{repoId}'.", repoId);
            if (item.TryGetProperty("error", out var error))
            {
                var message = error.TryGetProperty("message", out var m) ? m.GetString() : error.GetRawText();
                throw new HubException(client.Scrub($"The Hub refused the upload of '{upload.PathInRepo}' to '{repoId}': {message}"), repoId);
            }

            if (!item.TryGetProperty("actions", out var actions) || !actions.TryGetProperty("upload", out var uploadAction))
                continue; // Already stored.
            if (transfer == "multipart" || HeaderOf(uploadAction).ContainsKey("chunk_size"))
                await UploadMultipartAsync(client, repoId, upload, uploadAction, cancellationToken).ConfigureAwait(false);
            else
                await UploadBasicAsync(client, repoId, upload, uploadAction, cancellationToken).ConfigureAwait(false);

            if (actions.TryGetProperty("verify", out var verify))
            {
                var verifyBody = new JsonObject { ["oid"] = upload.Sha256, ["size"] = upload.Size };
                using var verified = await client.SendAsync(
                    HttpMethod.Post,
                    new Uri(verify.GetProperty("href").GetString()!),
                    repoId,
                    "verifying the upload to",
                    () => JsonContent(verifyBody, LfsMediaType),
                    h => AddHeaders(h, HeaderOf(verify)),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await client.EnsureSuccessAsync(verified, repoId, "verifying the upload to", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task UploadBasicAsync(HubClient client, string repoId, Upload upload, JsonElement action, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(
            HttpMethod.Put,
            new Uri(action.GetProperty("href").GetString()!),
            repoId,
            "uploading a file to",
            () => upload.Content(0, upload.Size),
            h => AddHeaders(h, HeaderOf(action)),
            sendToken: false,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.EnsureSuccessAsync(response, repoId, "uploading a file to", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>HF multipart: <c>chunk_size</c> plus part URLs "00001"…; PUT each part, then POST the ETags to the completion URL.</summary>
    private static async Task UploadMultipartAsync(HubClient client, string repoId, Upload upload, JsonElement action, CancellationToken cancellationToken)
    {
        var header = HeaderOf(action);
        if (!header.TryGetValue("chunk_size", out var chunkText) || !long.TryParse(chunkText, out var chunkSize) || chunkSize <= 0)
            throw new HubException($"The Hub's multipart upload answer for '{repoId}' has no valid chunk_size.", repoId);
        var partUrls = header.Where(h => h.Key.All(char.IsAsciiDigit)).OrderBy(h => int.Parse(h.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(h => h.Value).ToList();
        var expected = (int)((upload.Size + chunkSize - 1) / chunkSize);
        if (partUrls.Count != expected)
            throw new HubException($"The Hub asked for {partUrls.Count} parts but '{upload.PathInRepo}' makes {expected} parts of {chunkSize} bytes.", repoId);

        var parts = new JsonArray();
        for (var i = 0; i < partUrls.Count; i++)
        {
            var offset = i * chunkSize;
            var length = Math.Min(chunkSize, upload.Size - offset);
            using var response = await client.SendAsync(
                HttpMethod.Put, new Uri(partUrls[i]), repoId, "uploading a file part to", () => upload.Content(offset, length), sendToken: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await client.EnsureSuccessAsync(response, repoId, "uploading a file part to", cancellationToken).ConfigureAwait(false);
            var etag = response.Headers.ETag?.ToString()
                       ?? (response.Headers.TryGetValues("ETag", out var values) ? values.First() : null)
                       ?? throw new HubException($"The Hub's storage returned no ETag for part {i + 1} of '{upload.PathInRepo}'.", repoId);
            parts.Add(new JsonObject { ["partNumber"] = i + 1, ["etag"] = etag });
        }

        var completion = new JsonObject { ["oid"] = upload.Sha256, ["parts"] = parts };
        using var completed = await client.SendAsync(
            HttpMethod.Post,
            new Uri(action.GetProperty("href").GetString()!),
            repoId,
            "completing a multipart upload to",
            () => JsonContent(completion, LfsMediaType),
            h => h.Accept.Add(new MediaTypeWithQualityHeaderValue(LfsMediaType)),
            sendToken: false,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.EnsureSuccessAsync(completed, repoId, "completing a multipart upload to", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/datasets/{repo}/commit/main</c> with an NDJSON body: header, files, LFS pointers, deletions.</summary>
    private static async Task<(string Oid, Uri? Url)> CommitAsync(
        HubClient client, string repoId, string summary, List<Upload> uploads, List<string> deleted, CancellationToken cancellationToken)
    {
        const string action = "committing to";
        var lines = new StringBuilder();
        void Line(string key, JsonObject value) => lines.Append(new JsonObject { ["key"] = key, ["value"] = value }.ToJsonString()).Append('\n');
        Line("header", new JsonObject { ["summary"] = summary, ["description"] = "" });
        foreach (var upload in uploads)
        {
            if (upload.Mode == "lfs")
                Line("lfsFile", new JsonObject { ["path"] = upload.PathInRepo, ["algo"] = "sha256", ["oid"] = upload.Sha256, ["size"] = upload.Size });
            else
                Line("file", new JsonObject { ["content"] = await upload.Base64Async(cancellationToken).ConfigureAwait(false), ["path"] = upload.PathInRepo, ["encoding"] = "base64" });
        }

        foreach (var path in deleted)
            Line("deletedFile", new JsonObject { ["path"] = path });

        var text = lines.ToString();
        using var response = await client.SendAsync(
            HttpMethod.Post,
            client.Url($"api/datasets/{EscapeRepo(repoId)}/commit/main"),
            repoId,
            action,
            () => new StringContent(text, new UTF8Encoding(false), "application/x-ndjson"),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.EnsureSuccessAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        using var json = await client.ReadJsonAsync(response, repoId, action, cancellationToken).ConfigureAwait(false);
        var oid = json.RootElement.TryGetProperty("commitOid", out var o) ? o.GetString() ?? "" : "";
        Uri? url = json.RootElement.TryGetProperty("commitUrl", out var u) && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var parsed) ? parsed : null;
        return (oid, url);
    }

    private static StringContent JsonContent(JsonNode body, string mediaType = "application/json")
        => new(body.ToJsonString(), new UTF8Encoding(false), mediaType);

    private static Dictionary<string, string> HeaderOf(JsonElement action)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (action.TryGetProperty("header", out var header) && header.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in header.EnumerateObject())
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return result;
    }

    private static void AddHeaders(HttpRequestHeaders headers, Dictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            if (name != "chunk_size" && !name.All(char.IsAsciiDigit))
                headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>A file to upload: where it goes, its hashes, and how the Hub wants it.</summary>
    private sealed class Upload
    {
        private readonly string? _file;
        private readonly byte[]? _bytes;

        private Upload(string pathInRepo, string? file, byte[]? bytes, long size, string sha256, string sample)
        {
            PathInRepo = pathInRepo;
            _file = file;
            _bytes = bytes;
            Size = size;
            Sha256 = sha256;
            Sample = sample;
        }

        public string PathInRepo { get; }

        public long Size { get; }

        public string Sha256 { get; }

        /// <summary>Base64 of the first 512 bytes, for the preupload call.</summary>
        public string Sample { get; }

        public string Mode { get; set; } = "regular";

        public static async Task<Upload> FromFileAsync(string pathInRepo, string file, CancellationToken cancellationToken)
        {
            await using var stream = File.OpenRead(file);
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            stream.Position = 0;
            var head = new byte[Math.Min(512, stream.Length)];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            return new Upload(pathInRepo, file, null, stream.Length, sha, Convert.ToBase64String(head));
        }

        public static Upload FromBytes(string pathInRepo, byte[] bytes)
            => new(pathInRepo, null, bytes, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToBase64String(bytes.AsSpan(0, Math.Min(512, bytes.Length))));

        public HttpContent Content(long offset, long length)
        {
            HttpContent content;
            if (_bytes is not null)
            {
                content = new ByteArrayContent(_bytes, (int)offset, (int)length);
            }
            else
            {
                var stream = new FileStream(_file!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
                stream.Position = offset;
                content = new StreamContent(new SubStream(stream, length), 1 << 16);
            }

            content.Headers.ContentLength = length;
            return content;
        }

        public async Task<string> Base64Async(CancellationToken cancellationToken)
            => Convert.ToBase64String(_bytes ?? await File.ReadAllBytesAsync(_file!, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A read-only window of <paramref name="windowLength"/> bytes from the current position of a stream (disposes it).</summary>
    private sealed class SubStream(Stream inner, long windowLength) : Stream
    {
        private readonly long _length = windowLength;
        private long _remaining = windowLength;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _length - _remaining;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_remaining <= 0)
                return 0;
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_remaining <= 0)
                return 0;
            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
            _remaining -= read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

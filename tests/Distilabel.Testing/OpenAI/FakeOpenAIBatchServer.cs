using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Distilabel.Testing.OpenAI;

/// <summary>
/// A loopback fake of OpenAI's Files and Batches endpoints (<c>../shared/specs/openai-batch-api.md</c>), for the real
/// OpenAI SDK: uploads (multipart, <c>purpose=batch</c>), batches that move one status per poll
/// (validating → in_progress → finalizing → completed), validation failures with line numbers, expiry, cancellation,
/// per-request failures in an error file, output lines out of order, and faults at the points a run can be killed
/// (the server keeps what it stored but the client sees an error). It counts uploads and creations.
/// </summary>
public sealed partial class FakeOpenAIBatchServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeFile> _files = new(StringComparer.Ordinal);
    private readonly List<FakeBatch> _batches = [];
    private LoopbackWebServer? _server;
    private long _clock = 1_760_000_000;
    private int _ids;

    private FakeOpenAIBatchServer()
    {
    }

    /// <summary>The base URL to give the SDK (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public string BaseUrl => $"{_server!.Origin}v1";

    /// <summary>How each request line is answered (from its <c>custom_id</c> and <c>body</c>); by default a fixed text.</summary>
    public Func<string, JsonElement, FakeBatchAnswer> Answer { get; set; } = (_, _) => FakeBatchAnswer.Text("ok");

    /// <summary>Extra validation: a reason to reject a line (1-based line number, the line), or null. A rejected line fails the whole batch.</summary>
    public Func<int, JsonElement, string?>? Reject { get; set; }

    /// <summary>Batches stay <c>in_progress</c> while this is set (a long batch).</summary>
    public bool HoldInProgress { get; set; }

    /// <summary>Batches expire instead of completing: the first half of the lines are answered, the rest get <c>batch_expired</c>.</summary>
    public bool Expire { get; set; }

    /// <summary>Output lines are written in reverse order (the API does not keep the input order).</summary>
    public bool ReverseOutput { get; set; } = true;

    /// <summary>The next upload is stored, then answered with a 500 (a client killed between upload and journal).</summary>
    public bool FailAfterNextUpload { get; set; }

    /// <summary>The next batch is created, then answered with a 500 (a client killed between create and journal).</summary>
    public bool FailAfterNextCreate { get; set; }

    /// <summary>The next file download is answered with a 500 (a client killed while downloading).</summary>
    public bool FailNextDownload { get; set; }

    /// <summary>Requests (by <c>custom_id</c>) whose output line is written broken (cut in the middle), as a damaged download would be.</summary>
    public Func<string, bool>? BreakLine { get; set; }

    /// <summary>Prompt and completion tokens of every answer.</summary>
    public (int Prompt, int Completion) Usage { get; set; } = (10, 5);

    /// <summary>Files stored (every upload the server kept, including one answered with an error).</summary>
    public int Uploads { get; private set; }

    /// <summary>Files the server holds now (uploads, outputs and error files not deleted).</summary>
    public int StoredFiles
    {
        get
        {
            lock (_gate)
                return _files.Count;
        }
    }

    /// <summary>Batches created.</summary>
    public int BatchesCreated => _batches.Count;

    /// <summary>Every request line ever uploaded, by file, in order (to check what was sent).</summary>
    public IReadOnlyList<IReadOnlyList<JsonElement>> UploadedLines
    {
        get
        {
            lock (_gate)
                return _files.Values.Where(f => f.Purpose == "batch").OrderBy(f => f.CreatedAt).ThenBy(f => f.Id, StringComparer.Ordinal).Select(f => (IReadOnlyList<JsonElement>)Lines(f.Content)).ToList();
        }
    }

    /// <summary>The batches' statuses, oldest first.</summary>
    public IReadOnlyList<string> Statuses
    {
        get
        {
            lock (_gate)
                return _batches.Select(b => b.Status).ToList();
        }
    }

    /// <summary>Starts the fake on 127.0.0.1.</summary>
    public static async Task<FakeOpenAIBatchServer> StartAsync()
    {
        var fake = new FakeOpenAIBatchServer();
        fake._server = await LoopbackWebServer.StartAsync(app =>
        {
            app.MapPost("/v1/files", fake.UploadAsync);
            app.MapGet("/v1/files", fake.ListFiles);
            app.MapGet("/v1/files/{id}", fake.GetFile);
            app.MapGet("/v1/files/{id}/content", fake.Download);
            app.MapDelete("/v1/files/{id}", fake.DeleteFile);
            app.MapPost("/v1/batches", fake.CreateBatchAsync);
            app.MapGet("/v1/batches", fake.ListBatches);
            app.MapGet("/v1/batches/{id}", fake.GetBatch);
            app.MapPost("/v1/batches/{id}/cancel", fake.CancelBatch);
        }).ConfigureAwait(false);
        return fake;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }

    private long Now() => ++_clock;

    private string NewId(string prefix) => $"{prefix}{Interlocked.Increment(ref _ids):D8}";

    private static List<JsonElement> Lines(byte[] content)
        => Encoding.UTF8.GetString(content).Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).Select(l =>
        {
            using var document = JsonDocument.Parse(l);
            return document.RootElement.Clone();
        }).ToList();

    private static IResult Error(int status, string message, string type = "invalid_request_error", string? param = null, string? code = null)
        => Results.Json(new { error = new { message, type, param, code } }, statusCode: status);

    private sealed class FakeFile(string id, string fileName, string purpose, byte[] content, long createdAt)
    {
        public string Id { get; } = id;

        public string FileName { get; } = fileName;

        public string Purpose { get; } = purpose;

        public byte[] Content { get; } = content;

        public long CreatedAt { get; } = createdAt;

        public object ToJson() => new
        {
            @object = "file",
            id = Id,
            purpose = Purpose,
            filename = FileName,
            bytes = Content.Length,
            created_at = CreatedAt,
            expires_at = CreatedAt + 2_592_000,
            status = "processed",
            status_details = (string?)null,
        };
    }
}

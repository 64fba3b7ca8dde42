using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// One batch input file: JSONL request lines (<c>custom_id</c>, <c>method</c>, <c>url</c>, <c>body</c>), at most
/// <see cref="BatchOptions.MaxRequestsPerFile"/> lines and <see cref="BatchOptions.MaxBytesPerFile"/> bytes. Its
/// <see cref="Hash"/> covers the content, the run and the round, and is carried by the file's name and the batch's
/// metadata: a run that lost the ids finds them on the server by it.
/// </summary>
internal sealed class BatchRequestFile
{
    /// <summary>The endpoint every line posts to.</summary>
    public const string Endpoint = "/v1/chat/completions";

    private BatchRequestFile(IReadOnlyList<BatchRequest> requests, byte[] content, string hash)
    {
        Requests = requests;
        Content = content;
        Hash = hash;
    }

    public IReadOnlyList<BatchRequest> Requests { get; }

    /// <summary>The JSONL bytes.</summary>
    public byte[] Content { get; }

    /// <summary>Hex, 32 characters.</summary>
    public string Hash { get; }

    /// <summary>The uploaded file's name.</summary>
    public string FileName => NameFor(Hash);

    public static string NameFor(string hash) => $"distilabel-batch-{hash}.jsonl";

    /// <summary>Splits <paramref name="requests"/> into files within the limits.</summary>
    /// <param name="requests">The requests, in row order.</param>
    /// <param name="identity">What makes the run's submissions its own (<see cref="Journal.BatchJournal.Identity"/>).</param>
    /// <param name="round">The journal's round (<see cref="Journal.BatchJournal.Round"/>).</param>
    /// <param name="maxLines">Lines per file at most.</param>
    /// <param name="maxBytes">Bytes per file at most.</param>
    /// <exception cref="ArgumentException">One request alone is larger than <paramref name="maxBytes"/>.</exception>
    public static IReadOnlyList<BatchRequestFile> Split(IEnumerable<BatchRequest> requests, string identity, long round, int maxLines, long maxBytes)
    {
        var files = new List<BatchRequestFile>();
        var current = new List<BatchRequest>();
        using var content = new MemoryStream();
        foreach (var request in requests)
        {
            var line = Line(request);
            if (line.Length > maxBytes)
                throw new ArgumentException($"the request of row {request.Index + 1} takes {line.Length} bytes, more than a batch file may hold ({maxBytes})", nameof(requests));
            if (current.Count == maxLines || content.Length + line.Length > maxBytes)
                Flush();
            current.Add(request);
            content.Write(line);
        }

        Flush();
        return files;

        void Flush()
        {
            if (current.Count == 0)
                return;
            var bytes = content.ToArray();
            files.Add(new BatchRequestFile(current.ToArray(), bytes, HashOf(identity, round, bytes)));
            current.Clear();
            content.SetLength(0);
        }
    }

    private static string HashOf(string identity, long round, byte[] content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{identity}\n{round.ToString(CultureInfo.InvariantCulture)}\n"));
        hash.AppendData(content);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private static byte[] Line(BatchRequest request)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("custom_id", request.CustomId);
            writer.WriteString("method", "POST");
            writer.WriteString("url", Endpoint);
            writer.WritePropertyName("body");
            writer.WriteRawValue(request.Body, skipInputValidation: true);
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}

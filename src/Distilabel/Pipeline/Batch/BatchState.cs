using System.Text.Json;

namespace Distilabel.Pipeline.Batch;

/// <summary>A batch as the server last described it (the parts of the <c>Batch</c> object a job needs).</summary>
public sealed record BatchState
{
    public required string Id { get; init; }

    /// <summary><c>validating</c>, <c>in_progress</c>, <c>finalizing</c>, <c>completed</c>, <c>failed</c>, <c>expired</c>, <c>cancelling</c> or <c>cancelled</c>.</summary>
    public required string Status { get; init; }

    public string? InputFileId { get; init; }

    public string? OutputFileId { get; init; }

    public string? ErrorFileId { get; init; }

    /// <summary><c>request_counts.total</c>.</summary>
    public long Total { get; init; }

    /// <summary><c>request_counts.completed</c>.</summary>
    public long Completed { get; init; }

    /// <summary><c>request_counts.failed</c>.</summary>
    public long Failed { get; init; }

    /// <summary>Batch-level errors (validation), each with its line number when the server gave one.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the batch is done: <c>completed</c>, <c>failed</c>, <c>expired</c> or <c>cancelled</c>.</summary>
    public bool IsTerminal => Status is "completed" or "failed" or "expired" or "cancelled";

    /// <summary>Reads a <c>Batch</c> object.</summary>
    /// <exception cref="JsonException">It is not one.</exception>
    public static BatchState Parse(JsonElement batch)
    {
        var counts = batch.TryGetProperty("request_counts", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var errors = new List<string>();
        if (batch.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in data.EnumerateArray())
            {
                var line = error.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? $"line {l.GetInt64()}: " : "";
                errors.Add($"{line}{Text(error, "message") ?? "no message"}{(Text(error, "code") is { } code ? $" ({code})" : "")}");
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (batch.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var pair in m.EnumerateObject())
            {
                if (pair.Value.ValueKind == JsonValueKind.String)
                    metadata[pair.Name] = pair.Value.GetString()!;
            }
        }

        return new BatchState
        {
            Id = Text(batch, "id") ?? throw new JsonException("a batch without an id"),
            Status = Text(batch, "status") ?? throw new JsonException("a batch without a status"),
            InputFileId = Text(batch, "input_file_id"),
            OutputFileId = Text(batch, "output_file_id"),
            ErrorFileId = Text(batch, "error_file_id"),
            Total = Count(counts, "total"),
            Completed = Count(counts, "completed"),
            Failed = Count(counts, "failed"),
            Errors = errors,
            Metadata = metadata,
        };
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Count(JsonElement counts, string name)
        => counts.ValueKind == JsonValueKind.Object && counts.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}

using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using Distilabel.Llms;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// The answers of finished batches: their output and error files joined to the requests by <c>custom_id</c> (never by
/// position: the server does not keep the order), indexed by request hash for <see cref="BatchAnswerChatClient"/>.
/// A request in neither file (an expired or cancelled batch) is an error saying so.
/// </summary>
internal sealed class BatchAnswers
{
    private readonly ConcurrentDictionary<string, BatchAnswer> _byRequest = new(StringComparer.Ordinal);

    /// <summary>Per batch hash, the answer of each of its requests by <c>custom_id</c>.</summary>
    public Dictionary<string, Dictionary<string, BatchAnswer>> ByBatch { get; } = new(StringComparer.Ordinal);

    /// <summary>The answer to the request with body hash <paramref name="requestHash"/>.</summary>
    public BatchAnswer? Find(string requestHash) => _byRequest.GetValueOrDefault(requestHash);

    /// <summary>Downloads the files of a finished batch and adds its answers.</summary>
    public async Task AddAsync(BatchService service, BatchRecord record, BatchState state, IReadOnlyList<BatchRequestRecord> requests, CancellationToken cancellationToken)
    {
        var lines = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var fileId in new[] { state.OutputFileId, state.ErrorFileId })
        {
            if (fileId is null)
                continue;
            var content = await service.DownloadAsync(fileId, cancellationToken).ConfigureAwait(false);
            foreach (var line in content.ToString().Split('\n'))
            {
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                JsonElement element;
                try
                {
                    using var document = JsonDocument.Parse(line);
                    element = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // A broken line answers nothing: its row fails as "returned no line", the others are kept.
                    continue;
                }

                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String)
                    lines[id.GetString()!] = element;
            }
        }

        var answers = new Dictionary<string, BatchAnswer>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var answer = lines.TryGetValue(request.CustomId, out var line) ? Read(request.CustomId, state.Id, line) : NotRun(request.CustomId, state);
            answers[request.CustomId] = answer;
            _byRequest[request.RequestHash] = answer;
        }

        ByBatch[record.Hash] = answers;
    }

    /// <summary>Every request of a batch that failed as a whole fails with the batch's reasons.</summary>
    public void AddFailed(BatchRecord record, BatchState state, IReadOnlyList<BatchRequestRecord> requests)
    {
        var reason = $"batch {state.Id} failed: {string.Join("; ", state.Errors)}";
        ByBatch[record.Hash] = requests.ToDictionary(r => r.CustomId, r => new BatchAnswer(r.CustomId, state.Id, null, reason, "batch failed"), StringComparer.Ordinal);
    }

    private static BatchAnswer Read(string customId, string batchId, JsonElement line)
    {
        if (line.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object)
        {
            var status = response.TryGetProperty("status_code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0;
            response.TryGetProperty("body", out var body);
            if (status is >= 200 and < 300 && body.ValueKind == JsonValueKind.Object)
            {
                // The online path's own reading of a completion, straight from the line's UTF-8.
                var completion = ChatCompletionResponse.Read(JsonMarshal.GetRawUtf8Value(body));
                return completion.Messages.Count == 0
                    ? new BatchAnswer(customId, batchId, null, $"the batch's answer is not a chat completion with a choice: {LlmErrors.Short(body.GetRawText())}", "batch: malformed answer")
                    : new BatchAnswer(customId, batchId, completion, null, null);
            }

            var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? Message(error) : null;
            return new BatchAnswer(customId, batchId, null, $"the batch request failed (HTTP {status}){(message is null ? "" : $": {message}")}", $"batch request failed (HTTP {status})");
        }

        if (line.TryGetProperty("error", out var lineError) && lineError.ValueKind == JsonValueKind.Object)
        {
            var code = lineError.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            return new BatchAnswer(customId, batchId, null, $"the batch request failed: {Message(lineError)}", code is null ? "batch request failed" : $"batch: {code}");
        }

        return new BatchAnswer(customId, batchId, null, "the batch's line for this request has neither a response nor an error", "batch: no answer");
    }

    private static BatchAnswer NotRun(string customId, BatchState state) => state.Status switch
    {
        "expired" => new BatchAnswer(customId, state.Id, null, $"batch {state.Id} expired before this request ran (24-hour window)", "batch: expired"),
        "cancelled" => new BatchAnswer(customId, state.Id, null, $"batch {state.Id} was cancelled before this request ran", "batch: cancelled"),
        _ => new BatchAnswer(customId, state.Id, null, $"batch {state.Id} ({state.Status}) returned no line for this request", "batch: no answer"),
    };

    private static string Message(JsonElement error)
    {
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return (message, code) switch
        {
            (not null, not null) => $"{message} ({code})",
            (not null, null) => message,
            (null, not null) => code,
            _ => "no message",
        };
    }
}

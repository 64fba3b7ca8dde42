using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Distilabel.Testing.OpenAI;

public sealed partial class FakeOpenAIBatchServer
{
    private static readonly string[] Endpoints = ["/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations", "/v1/images/generations", "/v1/images/edits", "/v1/videos"];

    /// <summary>Cancels a batch as the server would on <c>POST /cancel</c> (for tests that cancel from outside the client).</summary>
    public void CancelAll()
    {
        lock (_gate)
        {
            foreach (var batch in _batches.Where(b => b.Status is "validating" or "in_progress"))
            {
                batch.Status = "cancelling";
                batch.CancellingAt = Now();
            }
        }
    }

    private async Task<IResult> CreateBatchAsync(HttpRequest request)
    {
        using var document = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
        var root = document.RootElement;
        var fileId = root.TryGetProperty("input_file_id", out var f) ? f.GetString() : null;
        var endpoint = root.TryGetProperty("endpoint", out var e) ? e.GetString() : null;
        var window = root.TryGetProperty("completion_window", out var w) ? w.GetString() : null;
        if (endpoint is null || !Endpoints.Contains(endpoint))
            return Error(400, $"Invalid endpoint: '{endpoint}'.", param: "endpoint");
        if (window != "24h")
            return Error(400, $"Invalid completion_window: '{window}'. Only '24h' is supported.", param: "completion_window");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var pair in m.EnumerateObject())
                metadata[pair.Name] = pair.Value.GetString() ?? "";
        }

        lock (_gate)
        {
            if (fileId is null || !_files.TryGetValue(fileId, out var file))
                return Error(404, $"No such File object: {fileId}", param: "input_file_id", code: "not_found");
            var batch = new FakeBatch(NewId("batch_"), endpoint, file.Id, Now(), metadata);
            _batches.Add(batch);
            if (FailAfterNextCreate)
            {
                FailAfterNextCreate = false;
                return Error(500, "The server had an error after creating the batch.", "server_error");
            }

            return Results.Json(batch.ToJson());
        }
    }

    private IResult GetBatch(string id)
    {
        lock (_gate)
        {
            if (_batches.FirstOrDefault(b => b.Id == id) is not { } batch)
                return Error(404, $"No batch found with id '{id}'.", param: "batch_id", code: "not_found");
            Advance(batch);
            return Results.Json(batch.ToJson());
        }
    }

    private IResult CancelBatch(string id)
    {
        lock (_gate)
        {
            if (_batches.FirstOrDefault(b => b.Id == id) is not { } batch)
                return Error(404, $"No batch found with id '{id}'.", param: "batch_id", code: "not_found");
            if (batch.Status is "validating" or "in_progress")
            {
                batch.Status = "cancelling";
                batch.CancellingAt = Now();
            }

            return Results.Json(batch.ToJson());
        }
    }

    private IResult ListBatches(HttpRequest request)
    {
        var after = request.Query["after"].ToString();
        var limit = int.TryParse(request.Query["limit"], out var l) ? Math.Clamp(l, 1, 100) : 20;
        lock (_gate)
        {
            var newest = _batches.AsEnumerable().Reverse().ToList();
            var start = after.Length == 0 ? 0 : newest.FindIndex(b => b.Id == after) + 1;
            var page = newest.Skip(start).Take(limit).ToList();
            return Results.Json(new
            {
                @object = "list",
                data = page.Select(b => b.ToJson()).ToList(),
                first_id = page.FirstOrDefault()?.Id,
                last_id = page.LastOrDefault()?.Id,
                has_more = start + page.Count < newest.Count,
            });
        }
    }

    /// <summary>One status step per poll, as a real batch moves over minutes.</summary>
    private void Advance(FakeBatch batch)
    {
        switch (batch.Status)
        {
            case "validating":
                var lines = Lines(_files[batch.InputFileId].Content);
                var errors = Validate(batch, lines);
                if (errors.Count > 0)
                {
                    batch.Status = "failed";
                    batch.FailedAt = Now();
                    batch.Errors = errors;
                    return;
                }

                batch.Lines = lines;
                batch.Model = lines[0].GetProperty("body").GetProperty("model").GetString();
                batch.Status = "in_progress";
                batch.InProgressAt = Now();
                return;
            case "in_progress" when !HoldInProgress:
                if (Expire)
                {
                    Finish(batch, batch.Lines!.Take(batch.Lines!.Count / 2).ToList(), batch.Lines!.Skip(batch.Lines!.Count / 2).ToList());
                    batch.Status = "expired";
                    batch.ExpiredAt = Now();
                    return;
                }

                batch.Status = "finalizing";
                batch.FinalizingAt = Now();
                return;
            case "finalizing":
                Finish(batch, batch.Lines!, []);
                batch.Status = "completed";
                batch.CompletedAt = Now();
                return;
            case "cancelling":
                batch.Status = "cancelled";
                batch.CancelledAt = Now();
                return;
        }
    }

    private List<(string Code, string Message, int Line)> Validate(FakeBatch batch, List<JsonElement> lines)
    {
        var errors = new List<(string, string, int)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var models = new HashSet<string>(StringComparer.Ordinal);
        if (lines.Count > 50_000)
            errors.Add(("too_many_requests", $"The batch has {lines.Count} requests; at most 50,000 are allowed.", 0));
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = i + 1;
            var id = line.TryGetProperty("custom_id", out var c) ? c.GetString() : null;
            if (id is null || !ids.Add(id))
                errors.Add(("duplicate_custom_id", $"The custom_id '{id}' is missing or used more than once.", number));
            if (!line.TryGetProperty("method", out var method) || method.GetString() != "POST")
                errors.Add(("invalid_request", "Only POST requests are allowed.", number));
            if (!line.TryGetProperty("url", out var url) || url.GetString() != batch.Endpoint)
                errors.Add(("invalid_url", $"The url must be the batch's endpoint {batch.Endpoint}.", number));
            if (line.TryGetProperty("body", out var body) && body.TryGetProperty("model", out var model))
                models.Add(model.GetString() ?? "");
            if (Reject?.Invoke(number, line) is { } reason)
                errors.Add(("invalid_request", reason, number));
        }

        if (models.Count > 1)
            errors.Add(("mixed_models", "All requests of a batch must use the same model.", 0));
        return errors;
    }

    /// <summary>Answers <paramref name="run"/> into the output and error files; <paramref name="expired"/> get <c>batch_expired</c>.</summary>
    private void Finish(FakeBatch batch, List<JsonElement> run, List<JsonElement> expired)
    {
        var output = new List<string>();
        var errors = new List<string>();
        foreach (var line in run)
        {
            var customId = line.GetProperty("custom_id").GetString()!;
            var body = line.GetProperty("body");
            var answer = Answer(customId, body);
            var requestId = NewId("req_");
            if (answer.Status == 200)
            {
                var completion = OpenAIJson.Completion(NewId("chatcmpl-"), batch.Model ?? "model", answer.Content, "stop", Usage.Prompt, Usage.Completion);
                var text = $$"""{"id":"{{NewId("batch_req_")}}","custom_id":{{JsonSerializer.Serialize(customId)}},"response":{"status_code":200,"request_id":"{{requestId}}","body":{{completion}}},"error":null}""";
                output.Add(BreakLine?.Invoke(customId) == true ? text[..(text.Length / 2)] : text);
                batch.Completed++;
            }
            else
            {
                var error = JsonSerializer.Serialize(new { error = new { message = answer.ErrorMessage ?? "error", type = "invalid_request_error", param = (string?)null, code = (string?)null } });
                errors.Add($$"""{"id":"{{NewId("batch_req_")}}","custom_id":{{JsonSerializer.Serialize(customId)}},"response":{"status_code":{{answer.Status}},"request_id":"{{requestId}}","body":{{error}}},"error":null}""");
                batch.Failed++;
            }
        }

        foreach (var line in expired)
        {
            var customId = line.GetProperty("custom_id").GetString()!;
            errors.Add(JsonSerializer.Serialize(new
            {
                id = NewId("batch_req_"),
                custom_id = customId,
                response = (object?)null,
                error = new { code = "batch_expired", message = "This request could not be executed before the completion window expired." },
            }));
            batch.Failed++;
        }

        if (ReverseOutput)
            output.Reverse();
        if (output.Count > 0)
            batch.OutputFileId = Store(batch.Id + "_output.jsonl", output);
        if (errors.Count > 0)
            batch.ErrorFileId = Store(batch.Id + "_error.jsonl", errors);
    }

    private string Store(string name, List<string> lines)
    {
        var file = new FakeFile(NewId("file-"), name, "batch_output", Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), Now());
        _files[file.Id] = file;
        return file.Id;
    }

    private sealed class FakeBatch(string id, string endpoint, string inputFileId, long createdAt, Dictionary<string, string> metadata)
    {
        public string Id { get; } = id;

        public string Endpoint { get; } = endpoint;

        public string InputFileId { get; } = inputFileId;

        public string Status { get; set; } = "validating";

        public string? Model { get; set; }

        public List<JsonElement>? Lines { get; set; }

        public List<(string Code, string Message, int Line)> Errors { get; set; } = [];

        public string? OutputFileId { get; set; }

        public string? ErrorFileId { get; set; }

        public long Completed { get; set; }

        public long Failed { get; set; }

        public long? InProgressAt { get; set; }

        public long? FinalizingAt { get; set; }

        public long? CompletedAt { get; set; }

        public long? FailedAt { get; set; }

        public long? ExpiredAt { get; set; }

        public long? CancellingAt { get; set; }

        public long? CancelledAt { get; set; }

        public object ToJson() => new Dictionary<string, object?>
        {
            ["id"] = Id,
            ["object"] = "batch",
            ["endpoint"] = Endpoint,
            ["model"] = Model,
            ["errors"] = Errors.Count == 0 ? null : new
            {
                @object = "list",
                data = Errors.Select(e => new Dictionary<string, object?> { ["code"] = e.Code, ["message"] = e.Message, ["param"] = null, ["line"] = e.Line == 0 ? null : e.Line }).ToList(),
            },
            ["input_file_id"] = InputFileId,
            ["completion_window"] = "24h",
            ["status"] = Status,
            ["output_file_id"] = OutputFileId,
            ["error_file_id"] = ErrorFileId,
            ["created_at"] = createdAt,
            ["in_progress_at"] = InProgressAt,
            ["expires_at"] = createdAt + 86_400,
            ["finalizing_at"] = FinalizingAt,
            ["completed_at"] = CompletedAt,
            ["failed_at"] = FailedAt,
            ["expired_at"] = ExpiredAt,
            ["cancelling_at"] = CancellingAt,
            ["cancelled_at"] = CancelledAt,
            ["request_counts"] = new { total = Lines?.Count ?? 0, completed = Completed, failed = Failed },
            ["usage"] = new { input_tokens = 0, output_tokens = 0, total_tokens = 0, input_tokens_details = new { cached_tokens = 0 }, output_tokens_details = new { reasoning_tokens = 0 } },
            ["metadata"] = metadata,
        };
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Distilabel.Testing.Argilla;

public sealed partial class FakeArgilla
{
    private const string AgentPattern = @"^(?=.*[a-zA-Z0-9])[a-zA-Z0-9-_:\.\/\s]+$";

    /// <summary><c>POST</c> (create, 201) or <c>PUT</c> (upsert by external id, then id; 200) <c>…/records/bulk</c>: all or nothing.</summary>
    private JsonObject BulkRecords(FakeArgillaUser user, string id, JsonNode? body, bool upsert)
    {
        var dataset = FindDataset(user, id, write: true);
        if (body?["items"] is not JsonArray items)
            throw FakeArgillaError.Validation(["body", "items"], "field required", "value_error.missing");

        // Request schema first, as FastAPI validates the body before the handler runs.
        if (items.Count < 1)
            throw FakeArgillaError.Validation(["body", "items"], "ensure this value has at least 1 items", "value_error.list.min_items");
        if (items.Count > 500)
            throw FakeArgillaError.Validation(["body", "items"], "ensure this value has at most 500 items", "value_error.list.max_items");
        for (var i = 0; i < items.Count; i++)
            CheckRecordSchema(items[i], i, upsert);
        var externalIds = items.Select(item => (string?)item!["external_id"]).OfType<string>().ToList();
        if (externalIds.Count != externalIds.Distinct(StringComparer.Ordinal).Count())
            throw FakeArgillaError.Validation(["body", "items"], "External IDs must be unique", "value_error");

        if (dataset.Status != "ready")
            throw FakeArgillaError.Plain(422, "records cannot be created for a non published dataset");
        if (!upsert)
        {
            var existing = externalIds.Where(dataset.ByExternalId.ContainsKey).ToList();
            if (existing.Count > 0)
                throw FakeArgillaError.Plain(422, "found records with same external ids: " + string.Join(", ", existing));
        }

        // Domain validation of every record before anything is stored.
        var plan = new List<(JsonObject Item, FakeArgillaRecord? Existing)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]!.AsObject();
            var match = upsert ? Match(dataset, item) : null;
            var reason = RecordProblem(dataset, item, isNew: match is null);
            if (reason is not null)
                throw FakeArgillaError.Plain(422, $"Record at position {i} is not valid because {reason}");
            plan.Add((item, match));
        }

        var result = new JsonArray();
        foreach (var (item, existing) in plan)
        {
            var record = existing ?? new FakeArgillaRecord(dataset.Id);
            if (existing is null)
            {
                record.ExternalId = (string?)item["external_id"];
                dataset.Records.Add(record);
                dataset.ById[record.Id] = record;
                if (record.ExternalId is not null)
                    dataset.ByExternalId[record.ExternalId] = record;
            }

            if (item["fields"] is JsonObject fields)
                record.Fields = fields.DeepClone().AsObject();
            if (item.ContainsKey("metadata"))
                record.Metadata = item["metadata"]?.DeepClone() as JsonObject;
            if (item["suggestions"] is JsonArray suggestions)
            {
                foreach (var s in suggestions.OfType<JsonObject>())
                {
                    var questionId = Guid.Parse((string)s["question_id"]!);
                    record.Suggestions.RemoveAll(x => x.QuestionId == questionId);
                    record.Suggestions.Add(new FakeArgillaSuggestion(Guid.NewGuid(), questionId, s["value"]?.DeepClone(), (string?)s["type"], (string?)s["agent"], s["score"] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null, Now()));
                }
            }

            record.UpdatedAt = Now();
            result.Add(RecordJson(record, suggestions: true, responses: true, vectors: true));
        }

        dataset.UpdatedAt = Now();
        return new JsonObject { ["items"] = result };
    }

    private static FakeArgillaRecord? Match(FakeArgillaDataset dataset, JsonObject item)
    {
        if ((string?)item["external_id"] is { } externalId && dataset.ByExternalId.TryGetValue(externalId, out var byExternal))
            return byExternal;
        return (string?)item["id"] is { } id && Guid.TryParse(id, out var guid) && dataset.ById.TryGetValue(guid, out var byId) ? byId : null;
    }

    private static void CheckRecordSchema(JsonNode? node, int i, bool upsert)
    {
        if (node is not JsonObject item)
            throw FakeArgillaError.Validation(["body", "items", i], "value is not a valid dict", "type_error.dict");
        if (!upsert && item["fields"] is null)
            throw FakeArgillaError.Validation(["body", "items", i, "fields"], "field required", "value_error.missing");
        if (item["fields"] is { } fields and not JsonObject)
            throw FakeArgillaError.Validation(["body", "items", i, "fields"], "value is not a valid dict", "type_error.dict");
        if (item["external_id"] is { } external && (external is not JsonValue ev || !ev.TryGetValue<string>(out _)))
            throw FakeArgillaError.Validation(["body", "items", i, "external_id"], "str type expected", "type_error.str");
        if (item["suggestions"] is not JsonArray suggestions)
            return;
        for (var j = 0; j < suggestions.Count; j++)
        {
            object[] at = ["body", "items", i, "suggestions", j];
            var s = suggestions[j] as JsonObject ?? throw FakeArgillaError.Validation(at, "value is not a valid dict", "type_error.dict");
            if (s["question_id"] is not JsonValue q || !q.TryGetValue<string>(out var qid) || !Guid.TryParse(qid, out _))
                throw FakeArgillaError.Validation([.. at, "question_id"], s["question_id"] is null ? "field required" : "value is not a valid uuid", s["question_id"] is null ? "value_error.missing" : "type_error.uuid");
            if (!s.ContainsKey("value"))
                throw FakeArgillaError.Validation([.. at, "value"], "field required", "value_error.missing");
            if ((string?)s["type"] is { } type && type is not ("model" or "human"))
                throw FakeArgillaError.Validation([.. at, "type"], "value is not a valid enumeration member; permitted: 'model', 'human'", "type_error.enum");
            if (s["agent"] is { } agentNode)
            {
                var agent = CheckString(agentNode, 1, 200, [.. at, "agent"]);
                if (!Regex.IsMatch(agent, AgentPattern))
                    throw FakeArgillaError.Validation([.. at, "agent"], $"string does not match regex \"{AgentPattern}\"", "value_error.str.regex");
            }

            if (s["score"] is JsonValue score && score.TryGetValue<double>(out var value) && value is < 0 or > 1)
                throw FakeArgillaError.Validation([.. at, "score"], value < 0 ? "ensure this value is greater than or equal to 0" : "ensure this value is less than or equal to 1", value < 0 ? "value_error.number.not_ge" : "value_error.number.not_le");
        }
    }

    /// <summary>Why a record is not valid for the dataset (the server's reason texts), or null.</summary>
    private static string? RecordProblem(FakeArgillaDataset dataset, JsonObject item, bool isNew)
    {
        if (item["fields"] is JsonObject fields)
        {
            if (fields.Count == 0)
                return "fields cannot be empty";
            var unknown = fields.Select(f => f.Key).Where(k => dataset.Fields.All(f => f.Name != k)).ToList();
            if (unknown.Count > 0)
                return "found fields values for non configured fields: [" + string.Join(", ", unknown.Select(u => $"'{u}'")) + "]";
            foreach (var field in dataset.Fields.Where(f => f.Required))
            {
                if (fields[field.Name] is null)
                    return $"missing required value for field: '{field.Name}'";
            }

            foreach (var (name, value) in fields)
            {
                var field = dataset.Fields.First(f => f.Name == name);
                if ((string?)field.Settings["type"] == "text" && value is not null && (value is not JsonValue tv || !tv.TryGetValue<string>(out _)))
                    return $"wrong value found for field '{name}'. Expected 'str', found '{Kind(value)}'";
            }
        }
        else if (isNew)
        {
            return "fields cannot be empty";
        }

        if (item["suggestions"] is not JsonArray suggestions)
            return null;
        var seen = new HashSet<Guid>();
        foreach (var s in suggestions.OfType<JsonObject>())
        {
            var questionId = Guid.Parse((string)s["question_id"]!);
            if (!seen.Add(questionId))
                return "record does not have valid suggestions: found duplicate suggestions question IDs";
            var question = dataset.Questions.FirstOrDefault(q => q.Id == questionId);
            if (question is null)
                return $"record does not have valid suggestions: question id={questionId} does not exists";
            if (ValueProblem(question, s["value"]) is { } problem)
                return "record does not have valid suggestions: " + problem;
        }

        return null;
    }

    /// <summary>Why a value is not a valid answer to <paramref name="question"/>, or null.</summary>
    private static string? ValueProblem(FakeArgillaQuestion question, JsonNode? value)
    {
        switch (question.Type)
        {
            case "rating":
                var options = question.RatingValues;
                // StrictInt: 4.0 and "4" are not ratings.
                var isInt = value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rating) && options.Contains(rating);
                return isInt ? null : $"{PythonRepr(value)} is not a valid rating for rating question.\nValid ratings are: [{string.Join(", ", options)}]";
            case "text":
                return value is JsonValue t && t.GetValueKind() == JsonValueKind.String ? null : $"Expected value to be a string, found {Kind(value)}";
            default:
                return null;
        }
    }

    private static string PythonRepr(JsonNode? value) => value switch
    {
        null => "None",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{(string)v!}'",
        _ => value.ToJsonString(),
    };

    private static string Kind(JsonNode? value) => value switch
    {
        null => "NoneType",
        JsonObject => "dict",
        JsonArray => "list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "str",
            JsonValueKind.Number => v.ToJsonString().Contains('.') ? "float" : "int",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "NoneType",
        },
        _ => "object",
    };

    private JsonObject ListRecords(FakeArgillaUser user, string id, IQueryCollection query)
    {
        var dataset = FindDataset(user, id, write: false);
        if (user.Role == "annotator")
            throw FakeArgillaError.Forbidden();
        var offset = QueryInt(query, "offset", 0);
        var limit = QueryInt(query, "limit", 50);
        if (offset < 0)
            throw FakeArgillaError.Validation(["query", "offset"], "ensure this value is greater than or equal to 0", "value_error.number.not_ge");
        if (limit < 1)
            throw FakeArgillaError.Validation(["query", "limit"], "ensure this value is greater than or equal to 1", "value_error.number.not_ge");
        if (limit > 1000)
            throw FakeArgillaError.Validation(["query", "limit"], "ensure this value is less than or equal to 1000", "value_error.number.not_le");
        var include = query["include"].Select(v => v ?? "").ToHashSet(StringComparer.Ordinal);
        var page = dataset.Records.Skip(offset).Take(limit)
            .Select(r => (JsonNode)RecordJson(r, include.Contains("suggestions"), include.Contains("responses")))
            .ToArray();
        return new JsonObject { ["items"] = new JsonArray(page), ["total"] = dataset.Records.Count };
    }

    private static int QueryInt(IQueryCollection query, string name, int fallback)
    {
        if (!query.TryGetValue(name, out var text))
            return fallback;
        return int.TryParse(text.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw FakeArgillaError.Validation(["query", name], "value is not a valid integer", "type_error.integer");
    }

    /// <summary><c>POST /api/v1/records/{id}/responses</c>: the key's user answers a record (one response per user and record).</summary>
    private JsonObject CreateResponse(FakeArgillaUser user, string id, JsonNode? body)
    {
        var recordId = ParseId(id, "record_id");
        var dataset = _datasets.FirstOrDefault(d => d.ById.ContainsKey(recordId)) ?? throw FakeArgillaError.NotFound("Record", recordId);
        var record = dataset.ById[recordId];
        if (user.Role != "owner" && !user.Workspaces.Contains(dataset.WorkspaceId))
            throw FakeArgillaError.Forbidden();
        var status = (string?)body?["status"] ?? throw FakeArgillaError.Validation(["body", "status"], "field required", "value_error.missing");
        if (status is not ("submitted" or "draft" or "discarded"))
            throw FakeArgillaError.Validation(["body", "status"], "value is not a valid enumeration member; permitted: 'discarded', 'submitted', 'draft'", "type_error.enum");
        var values = body?["values"] as JsonObject;
        if (values is null && status != "discarded")
            throw FakeArgillaError.Validation(["body", "values"], "field required", "value_error.missing");
        if (record.Responses.Any(r => r.UserId == user.Id))
            throw FakeArgillaError.Plain(409, $"Response already exists for record with id `{record.Id}` and by user with id `{user.Id}`");

        if (values is not null)
        {
            var unknown = values.Select(v => v.Key).Where(k => dataset.Questions.All(q => q.Name != k)).ToList();
            if (unknown.Count > 0)
                throw FakeArgillaError.Plain(422, "found responses for non configured questions: [" + string.Join(", ", unknown.Select(u => $"'{u}'")) + "]");
            foreach (var question in dataset.Questions)
            {
                var answer = values[question.Name];
                if (answer is null)
                {
                    if (status == "submitted" && question.Required)
                        throw FakeArgillaError.Plain(422, $"missing response value for required question with name='{question.Name}'");
                    continue;
                }

                if (answer is not JsonObject wrapped || !wrapped.ContainsKey("value"))
                    throw FakeArgillaError.Validation(["body", "values", question.Name, "value"], "field required", "value_error.missing");
                if (ValueProblem(question, wrapped["value"]) is { } problem)
                    throw FakeArgillaError.Plain(422, problem);
            }
        }

        var response = new FakeArgillaResponse(Guid.NewGuid(), values?.DeepClone().AsObject() ?? [], status, user.Id, Now());
        record.Responses.Add(response);
        record.UpdatedAt = Now();
        var json = ResponseJson(response);
        json["record_id"] = record.Id.ToString();
        return json;
    }

    private JsonObject RecordJson(FakeArgillaRecord r, bool suggestions, bool responses, bool vectors = false)
    {
        var dataset = _datasets.First(d => d.Id == r.DatasetId);
        var json = new JsonObject
        {
            ["id"] = r.Id.ToString(),
            ["status"] = r.Responses.Count(x => x.Status == "submitted") >= dataset.MinSubmitted ? "completed" : "pending",
            ["fields"] = r.Fields.DeepClone(),
            ["metadata"] = r.Metadata?.DeepClone(),
            ["external_id"] = r.ExternalId,
        };
        if (responses)
            json["responses"] = new JsonArray(r.Responses.Select(x => (JsonNode)ResponseJson(x)).ToArray());
        if (suggestions)
        {
            json["suggestions"] = new JsonArray(r.Suggestions.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id.ToString(),
                ["question_id"] = s.QuestionId.ToString(),
                ["type"] = s.Type,
                ["value"] = s.Value?.DeepClone(),
                ["agent"] = s.Agent,
                ["score"] = s.Score,
                ["inserted_at"] = s.InsertedAt,
                ["updated_at"] = s.InsertedAt,
            }).ToArray());
        }

        if (vectors)
            json["vectors"] = new JsonObject();
        json["dataset_id"] = r.DatasetId.ToString();
        json["inserted_at"] = r.InsertedAt;
        json["updated_at"] = r.UpdatedAt;
        return json;
    }

    private static JsonObject ResponseJson(FakeArgillaResponse r) => new()
    {
        ["id"] = r.Id.ToString(),
        ["values"] = r.Values.DeepClone(),
        ["status"] = r.Status,
        ["user_id"] = r.UserId.ToString(),
        ["inserted_at"] = r.InsertedAt,
        ["updated_at"] = r.InsertedAt,
    };
}

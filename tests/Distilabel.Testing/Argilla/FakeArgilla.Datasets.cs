using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Distilabel.Testing.Argilla;

public sealed partial class FakeArgilla
{
    private const string NamePattern = "^(?=.*[a-z0-9])[a-z0-9_-]+$";

    /// <summary>Owners may change any dataset; admins those of their workspaces; annotators none (403).</summary>
    private static void AuthorizeWrite(FakeArgillaUser user, Guid workspaceId)
    {
        if (user.Role == "owner" || (user.Role == "admin" && user.Workspaces.Contains(workspaceId)))
            return;
        throw FakeArgillaError.Forbidden();
    }

    private FakeArgillaDataset FindDataset(FakeArgillaUser user, string id, bool write)
    {
        var guid = ParseId(id, "dataset_id");
        var dataset = _datasets.FirstOrDefault(d => d.Id == guid) ?? throw FakeArgillaError.NotFound("Dataset", guid);
        if (write)
            AuthorizeWrite(user, dataset.WorkspaceId);
        else if (user.Role != "owner" && !user.Workspaces.Contains(dataset.WorkspaceId))
            throw FakeArgillaError.Forbidden();
        return dataset;
    }

    private JsonObject ListDatasets(FakeArgillaUser user, IQueryCollection query)
    {
        var visible = _datasets.Where(d => user.Role == "owner" || user.Workspaces.Contains(d.WorkspaceId));
        if (query.TryGetValue("workspace_id", out var ws) && Guid.TryParse(ws.ToString(), out var wsId))
            visible = visible.Where(d => d.WorkspaceId == wsId);
        if (query.TryGetValue("name", out var name))
            visible = visible.Where(d => d.Name == name.ToString());
        if (query.TryGetValue("status", out var status))
            visible = visible.Where(d => d.Status == status.ToString());
        return Items(visible.Select(DatasetJson));
    }

    private JsonObject CreateDataset(FakeArgillaUser user, JsonNode? body)
    {
        var name = RequiredString(body, "name", 1, 200, "body");
        var guidelines = OptionalString(body, "guidelines", 1, 10000, "body");
        var workspaceText = body?["workspace_id"] is JsonValue w && w.TryGetValue<string>(out var s) ? s
            : throw FakeArgillaError.Validation(["body", "workspace_id"], "field required", "value_error.missing");
        var workspaceId = Guid.TryParse(workspaceText, out var id) ? id : throw FakeArgillaError.Validation(["body", "workspace_id"], "value is not a valid uuid", "type_error.uuid");
        var allowExtra = OptionalBool(body, "allow_extra_metadata", true, "body");
        var minSubmitted = Distribution(body?["distribution"]);
        AuthorizeWrite(user, workspaceId);
        if (_workspaces.All(x => x.Id != workspaceId))
            throw FakeArgillaError.Plain(422, $"Workspace with id `{workspaceId}` not found");
        if (_datasets.Any(d => d.WorkspaceId == workspaceId && d.Name == name))
            throw FakeArgillaError.Plain(409, $"Dataset with name `{name}` already exists for workspace with id `{workspaceId}`");
        var dataset = new FakeArgillaDataset(name, workspaceId) { Guidelines = guidelines, AllowExtraMetadata = allowExtra, MinSubmitted = minSubmitted ?? 1 };
        _datasets.Add(dataset);
        return DatasetJson(dataset);
    }

    private static int? Distribution(JsonNode? node)
    {
        if (node is null)
            return null;
        if ((string?)node["strategy"] != "overlap")
            throw FakeArgillaError.Validation(["body", "distribution", "strategy"], "unexpected value; permitted: 'overlap'", "value_error.const");
        var min = node["min_submitted"] is JsonValue v && v.TryGetValue<int>(out var m) ? m : 1;
        return min >= 1 ? min : throw FakeArgillaError.Validation(["body", "distribution", "min_submitted"], "ensure this value is greater than or equal to 1", "value_error.number.not_ge");
    }

    private JsonObject UpdateDataset(FakeArgillaUser user, string id, JsonNode? body)
    {
        var dataset = FindDataset(user, id, write: true);
        var nulls = new[] { "name", "allow_extra_metadata", "distribution" }.Where(k => body is JsonObject o && o.ContainsKey(k) && o[k] is null).ToList();
        if (nulls.Count > 0)
            throw FakeArgillaError.Validation(["body", "__root__"], "The following keys must have non-null values: " + string.Join(", ", nulls), "value_error");
        if (OptionalString(body, "name", 1, 200, "body") is { } name)
        {
            if (_datasets.Any(d => d != dataset && d.WorkspaceId == dataset.WorkspaceId && d.Name == name))
                throw FakeArgillaError.Plain(409, $"Dataset with name `{name}` already exists for workspace with id `{dataset.WorkspaceId}`");
            dataset.Name = name;
        }

        if (body is JsonObject obj && obj.ContainsKey("guidelines"))
            dataset.Guidelines = OptionalString(body, "guidelines", 1, 10000, "body");
        dataset.AllowExtraMetadata = OptionalBool(body, "allow_extra_metadata", dataset.AllowExtraMetadata, "body");
        dataset.MinSubmitted = Distribution(body?["distribution"]) ?? dataset.MinSubmitted;
        dataset.UpdatedAt = Now();
        return DatasetJson(dataset);
    }

    private JsonObject DeleteDataset(FakeArgillaUser user, string id)
    {
        var dataset = FindDataset(user, id, write: true);
        _datasets.Remove(dataset);
        return DatasetJson(dataset);
    }

    private JsonObject Publish(FakeArgillaUser user, string id)
    {
        var dataset = FindDataset(user, id, write: true);
        if (dataset.Status == "ready")
            throw FakeArgillaError.Plain(422, "Dataset has already been published");
        if (dataset.Fields.Count == 0)
            throw FakeArgillaError.Plain(422, "Dataset cannot be published without fields");
        if (!dataset.Questions.Any(q => q.Required))
            throw FakeArgillaError.Plain(422, "Dataset cannot be published without required questions");
        dataset.Status = "ready";
        dataset.UpdatedAt = Now();
        return DatasetJson(dataset);
    }

    private JsonObject CreateField(FakeArgillaUser user, string id, JsonNode? body)
    {
        var dataset = FindDataset(user, id, write: true);
        var name = PropertyName(body);
        var title = RequiredString(body, "title", 1, 500, "body");
        var required = OptionalBool(body, "required", false, "body");
        var settings = body?["settings"] as JsonObject ?? throw FakeArgillaError.Validation(["body", "settings"], "field required", "value_error.missing");
        var type = (string?)settings["type"];
        var stored = type switch
        {
            "text" => new JsonObject { ["type"] = "text", ["use_markdown"] = OptionalBool(settings, "use_markdown", false, "body", "settings") },
            "image" => new JsonObject { ["type"] = "image" },
            "chat" => new JsonObject { ["type"] = "chat", ["use_markdown"] = OptionalBool(settings, "use_markdown", true, "body", "settings") },
            "custom" => new JsonObject { ["type"] = "custom", ["template"] = RequiredString(settings, "template", 1, 100_000, "body", "settings"), ["advanced_mode"] = OptionalBool(settings, "advanced_mode", false, "body", "settings") },
            _ => throw FakeArgillaError.Validation(["body", "settings", "type"], "No match for discriminator 'type' and value '" + type + "' (allowed values: 'text', 'image', 'chat', 'custom')", "value_error.discriminated_union.invalid_discriminator"),
        };
        if (dataset.Status == "ready")
            throw FakeArgillaError.Plain(422, "Field cannot be created for a published dataset");
        if (dataset.Fields.Any(f => f.Name == name))
            throw FakeArgillaError.Plain(409, $"Field with name `{name}` already exists for dataset with id `{dataset.Id}`");
        var field = new FakeArgillaField(Guid.NewGuid(), name, title, required, stored, Now());
        dataset.Fields.Add(field);
        return FieldJson(field, dataset.Id);
    }

    private JsonObject CreateQuestion(FakeArgillaUser user, string id, JsonNode? body)
    {
        var dataset = FindDataset(user, id, write: true);
        var name = PropertyName(body);
        var title = RequiredString(body, "title", 1, 500, "body");
        var description = OptionalString(body, "description", 1, 1000, "body");
        var required = OptionalBool(body, "required", false, "body");
        var settings = body?["settings"] as JsonObject ?? throw FakeArgillaError.Validation(["body", "settings"], "field required", "value_error.missing");
        var type = (string?)settings["type"];
        JsonObject stored;
        switch (type)
        {
            case "rating":
                stored = new JsonObject { ["type"] = "rating", ["options"] = RatingOptions(settings["options"]) };
                break;
            case "text":
                stored = new JsonObject { ["type"] = "text", ["use_markdown"] = OptionalBool(settings, "use_markdown", false, "body", "settings") };
                break;
            case "label_selection" or "multi_label_selection" or "ranking" or "span":
                stored = settings.DeepClone().AsObject();
                break;
            default:
                throw FakeArgillaError.Validation(["body", "settings", "type"], "No match for discriminator 'type' and value '" + type + "' (allowed values: 'text', 'rating', 'label_selection', 'multi_label_selection', 'ranking', 'span')", "value_error.discriminated_union.invalid_discriminator");
        }

        if (dataset.Status == "ready")
            throw FakeArgillaError.Plain(422, "questions cannot be created for a published dataset");
        if (dataset.Questions.Any(q => q.Name == name))
            throw FakeArgillaError.Plain(409, $"Question with name `{name}` already exists for dataset with id `{dataset.Id}`");
        var question = new FakeArgillaQuestion(Guid.NewGuid(), name, title, description, required, stored, Now());
        dataset.Questions.Add(question);
        return QuestionJson(question, dataset.Id);
    }

    private static JsonArray RatingOptions(JsonNode? node)
    {
        object[] loc = ["body", "settings", "options"];
        if (node is not JsonArray options)
            throw FakeArgillaError.Validation(loc, "field required", "value_error.missing");
        if (options.Count < 2)
            throw FakeArgillaError.Validation(loc, "ensure this value has at least 2 items", "value_error.list.min_items");
        if (options.Count > 11)
            throw FakeArgillaError.Validation(loc, "ensure this value has at most 11 items", "value_error.list.max_items");
        var values = new List<int>();
        for (var i = 0; i < options.Count; i++)
        {
            object[] at = [.. loc, i, "value"];
            if (options[i]?["value"] is not JsonValue v || !v.TryGetValue<int>(out var value))
                throw FakeArgillaError.Validation(at, "value is not a valid integer", "type_error.integer");
            if (value < 0)
                throw FakeArgillaError.Validation(at, "ensure this value is greater than or equal to 0", "value_error.number.not_ge");
            if (value > 10)
                throw FakeArgillaError.Validation(at, "ensure this value is less than or equal to 10", "value_error.number.not_le");
            values.Add(value);
        }

        var duplicates = values.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw FakeArgillaError.Validation(loc, "Option values must be unique, found duplicates: {" + string.Join(", ", duplicates) + "}", "value_error");
        return new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["value"] = v }).ToArray());
    }

    private static string PropertyName(JsonNode? body)
    {
        var name = RequiredString(body, "name", 1, 200, "body");
        return Regex.IsMatch(name, NamePattern)
            ? name
            : throw FakeArgillaError.Validation(["body", "name"], $"string does not match regex \"{NamePattern}\"", "value_error.str.regex");
    }

    private static JsonObject DatasetJson(FakeArgillaDataset d) => new()
    {
        ["id"] = d.Id.ToString(),
        ["name"] = d.Name,
        ["guidelines"] = d.Guidelines,
        ["allow_extra_metadata"] = d.AllowExtraMetadata,
        ["status"] = d.Status,
        ["distribution"] = new JsonObject { ["strategy"] = "overlap", ["min_submitted"] = d.MinSubmitted },
        ["metadata"] = null,
        ["workspace_id"] = d.WorkspaceId.ToString(),
        ["last_activity_at"] = d.UpdatedAt,
        ["inserted_at"] = d.InsertedAt,
        ["updated_at"] = d.UpdatedAt,
    };

    private JsonNode FieldJson(FakeArgillaField f) => FieldJson(f, _datasets.First(d => d.Fields.Contains(f)).Id);

    private static JsonObject FieldJson(FakeArgillaField f, Guid datasetId) => new()
    {
        ["id"] = f.Id.ToString(),
        ["name"] = f.Name,
        ["title"] = f.Title,
        ["required"] = f.Required,
        ["settings"] = f.Settings.DeepClone(),
        ["dataset_id"] = datasetId.ToString(),
        ["inserted_at"] = f.InsertedAt,
        ["updated_at"] = f.InsertedAt,
    };

    private JsonNode QuestionJson(FakeArgillaQuestion q) => QuestionJson(q, _datasets.First(d => d.Questions.Contains(q)).Id);

    private static JsonObject QuestionJson(FakeArgillaQuestion q, Guid datasetId) => new()
    {
        ["id"] = q.Id.ToString(),
        ["name"] = q.Name,
        ["title"] = q.Title,
        ["description"] = q.Description,
        ["required"] = q.Required,
        ["settings"] = q.Settings.DeepClone(),
        ["dataset_id"] = datasetId.ToString(),
        ["inserted_at"] = q.InsertedAt,
        ["updated_at"] = q.InsertedAt,
    };
}

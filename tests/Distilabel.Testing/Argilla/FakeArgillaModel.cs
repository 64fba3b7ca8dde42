using System.Text.Json.Nodes;

namespace Distilabel.Testing.Argilla;

/// <summary>An Argilla user of the fake, with its own API key.</summary>
public sealed class FakeArgillaUser
{
    internal FakeArgillaUser(string username, string role, string apiKey)
    {
        Username = username;
        Role = role;
        ApiKey = apiKey;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public string Username { get; }

    /// <summary><c>owner</c>, <c>admin</c> or <c>annotator</c>.</summary>
    public string Role { get; }

    public string ApiKey { get; }

    public string InsertedAt { get; } = FakeArgilla.Now();

    internal HashSet<Guid> Workspaces { get; } = [];
}

/// <summary>A workspace of the fake.</summary>
public sealed record FakeArgillaWorkspace(Guid Id, string Name, string InsertedAt);

/// <summary>A dataset of the fake, its fields, questions and records (read them under <see cref="FakeArgilla"/>'s lock via its accessors).</summary>
public sealed class FakeArgillaDataset
{
    internal FakeArgillaDataset(string name, Guid workspaceId)
    {
        Name = name;
        WorkspaceId = workspaceId;
        InsertedAt = UpdatedAt = FakeArgilla.Now();
    }

    public Guid Id { get; } = Guid.NewGuid();

    public string Name { get; internal set; }

    public Guid WorkspaceId { get; }

    public string? Guidelines { get; internal set; }

    public bool AllowExtraMetadata { get; internal set; } = true;

    public int MinSubmitted { get; internal set; } = 1;

    /// <summary><c>draft</c> until published, then <c>ready</c>.</summary>
    public string Status { get; internal set; } = "draft";

    public string InsertedAt { get; }

    public string UpdatedAt { get; internal set; }

    internal List<FakeArgillaField> Fields { get; } = [];

    internal List<FakeArgillaQuestion> Questions { get; } = [];

    internal List<FakeArgillaRecord> Records { get; } = [];

    internal Dictionary<string, FakeArgillaRecord> ByExternalId { get; } = new(StringComparer.Ordinal);

    internal Dictionary<Guid, FakeArgillaRecord> ById { get; } = [];
}

internal sealed record FakeArgillaField(Guid Id, string Name, string Title, bool Required, JsonObject Settings, string InsertedAt);

internal sealed record FakeArgillaQuestion(Guid Id, string Name, string Title, string? Description, bool Required, JsonObject Settings, string InsertedAt)
{
    public string Type => (string?)Settings["type"] ?? "";

    public int[] RatingValues => Type == "rating"
        ? Settings["options"]!.AsArray().Select(o => (int)o!["value"]!).ToArray()
        : [];
}

/// <summary>A stored record.</summary>
public sealed class FakeArgillaRecord
{
    internal FakeArgillaRecord(Guid datasetId) => DatasetId = datasetId;

    public Guid Id { get; } = Guid.NewGuid();

    public Guid DatasetId { get; }

    public string? ExternalId { get; internal set; }

    internal JsonObject Fields { get; set; } = [];

    internal JsonObject? Metadata { get; set; }

    internal List<FakeArgillaSuggestion> Suggestions { get; } = [];

    internal List<FakeArgillaResponse> Responses { get; } = [];

    public string InsertedAt { get; } = FakeArgilla.Now();

    public string UpdatedAt { get; internal set; } = FakeArgilla.Now();
}

internal sealed record FakeArgillaSuggestion(Guid Id, Guid QuestionId, JsonNode? Value, string? Type, string? Agent, double? Score, string InsertedAt);

internal sealed record FakeArgillaResponse(Guid Id, JsonObject Values, string Status, Guid UserId, string InsertedAt);

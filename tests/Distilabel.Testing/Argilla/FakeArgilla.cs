using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Distilabel.Testing.Argilla;

/// <summary>
/// A loopback fake (http://127.0.0.1:&lt;random port&gt; only) of the Argilla 2.x REST API as
/// <c>shared/specs/argilla-api.md</c> describes it: users with their own API keys and roles, workspaces, datasets with
/// text fields and rating/text questions, publishing, bulk record create/upsert with suggestion validation, record
/// listing with responses and suggestions, reviewers' responses, and the exact error bodies (401, 403, 404, 405, 409,
/// 422 domain and schema errors, 500). Unknown JSON properties are ignored, as the real server does.
/// </summary>
public sealed partial class FakeArgilla : IAsyncDisposable
{
    /// <summary>The owner's API key (the docker quickstart's).</summary>
    public const string OwnerApiKey = "argilla.apikey";

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly object _gate = new();
    private readonly List<FakeArgillaUser> _users = [];
    private readonly List<FakeArgillaWorkspace> _workspaces = [];
    private readonly List<FakeArgillaDataset> _datasets = [];
    private readonly ConcurrentQueue<FakeArgillaRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter, Func<string, string, bool> Matches)> _failures = new();
    private WebApplication? _app;

    private FakeArgilla()
    {
        Owner = AddUserCore("argilla", "owner", OwnerApiKey);
    }

    /// <summary>The server root: <c>http://127.0.0.1:port</c>.</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>The seeded owner (key <see cref="OwnerApiKey"/>).</summary>
    public FakeArgillaUser Owner { get; }

    /// <summary>When false, requests are only counted and not logged (benchmarks with many requests).</summary>
    public bool LogRequests { get; set; } = true;

    /// <summary>Every request received (method, path, status, record items in a bulk body), in order.</summary>
    public IReadOnlyList<FakeArgillaRequest> Requests => _requests.ToArray();

    /// <summary>Starts the server on a free loopback port, with an owner and the workspace <c>admin</c>.</summary>
    public static async Task<FakeArgilla> StartAsync(int port = 0)
    {
        var fake = new FakeArgilla();
        fake.AddWorkspace("admin");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake._app = app;
        fake.ApiUrl = $"http://127.0.0.1:{new Uri(app.Urls.First()).Port}";
        return fake;
    }

    /// <summary>Adds a workspace.</summary>
    public FakeArgillaWorkspace AddWorkspace(string name)
    {
        lock (_gate)
        {
            var workspace = new FakeArgillaWorkspace(Guid.NewGuid(), name, Now());
            _workspaces.Add(workspace);
            return workspace;
        }
    }

    /// <summary>Adds a user with its own key, member of <paramref name="workspaces"/>.</summary>
    public FakeArgillaUser AddUser(string username, string role = "annotator", params string[] workspaces)
    {
        lock (_gate)
        {
            var user = AddUserCore(username, role, "key-" + Guid.NewGuid().ToString("N"));
            foreach (var name in workspaces)
                user.Workspaces.Add(_workspaces.First(w => w.Name == name).Id);
            return user;
        }
    }

    /// <summary>The dataset named <paramref name="name"/>, or null.</summary>
    public FakeArgillaDataset? Dataset(string name)
    {
        lock (_gate)
            return _datasets.FirstOrDefault(d => d.Name == name);
    }

    /// <summary>How many records a dataset holds.</summary>
    public int RecordCount(string dataset)
    {
        lock (_gate)
            return Dataset(dataset)?.Records.Count ?? 0;
    }

    /// <summary>A dataset's records as the API returns them (with suggestions and responses).</summary>
    public IReadOnlyList<JsonObject> Records(string dataset)
    {
        lock (_gate)
            return Dataset(dataset)!.Records.Select(r => RecordJson(r, suggestions: true, responses: true)).ToList();
    }

    /// <summary>The next <paramref name="count"/> requests matching <paramref name="method"/> and <paramref name="pathContains"/>
    /// fail with <paramref name="status"/> (and a <c>Retry-After</c> header when given), before any other processing.</summary>
    public void FailNext(int status, int count = 1, string? retryAfter = null, string method = "", string pathContains = "")
    {
        for (var i = 0; i < count; i++)
            _failures.Enqueue((status, retryAfter, (m, p) => (method.Length == 0 || m == method) && p.Contains(pathContains, StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    internal static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private FakeArgillaUser AddUserCore(string username, string role, string key)
    {
        var user = new FakeArgillaUser(username, role, key);
        _users.Add(user);
        return user;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var question = raw.IndexOf('?');
        var path = question < 0 ? raw : raw[..question];
        var method = context.Request.Method;
        var status = 500;
        var items = 0;
        try
        {
            JsonNode? answer;
            (status, answer, items) = await DispatchAsync(context, method, path);
            await WriteAsync(context, status, answer);
        }
        catch (FakeArgillaError e)
        {
            status = e.Status;
            await WriteAsync(context, e.Status, e.Body);
        }
        catch (JsonException e)
        {
            status = 422;
            var error = FakeArgillaError.Validation(["body"], "Expecting value: " + e.Message, "value_error.jsondecode");
            await WriteAsync(context, 422, error.Body);
        }
        finally
        {
            if (LogRequests)
                _requests.Enqueue(new FakeArgillaRequest(method, path, context.Request.QueryString.Value ?? "", status, items, context.Request.Headers["X-Argilla-Api-Key"].ToString()));
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body?.ToJsonString(JsonOptions) ?? "null");
    }

    private async Task<(int Status, JsonNode? Body, int Items)> DispatchAsync(HttpContext context, string method, string path)
    {
        if (_failures.TryPeek(out var failure) && failure.Matches(method, path) && _failures.TryDequeue(out failure))
        {
            if (failure.RetryAfter is not null)
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            throw failure.Status == 500 ? FakeArgillaError.Generic(new InvalidOperationException("injected failure")) : FakeArgillaError.Plain(failure.Status, "injected failure");
        }

        var segments = path.Trim('/').Split('/');
        if (segments is not ["api", "v1", ..])
            throw FakeArgillaError.Plain(404, "Not Found");
        var route = segments[2..];
        switch (route)
        {
            case ["version"] when method == "GET":
                return (200, new JsonObject { ["version"] = "2.5.0dev0" }, 0);
            case ["status"] when method == "GET":
                return (200, new JsonObject { ["version"] = "2.5.0dev0", ["search_engine"] = new JsonObject(), ["memory"] = new JsonObject() }, 0);
        }

        var user = Authenticate(context);
        var body = method is "POST" or "PUT" or "PATCH" ? await ReadBodyAsync(context) : null;
        lock (_gate)
        {
            return route switch
            {
                ["me"] when method == "GET" => (200, UserJson(user, withKey: true), 0),
                ["me", "workspaces"] when method == "GET" => (200, Items(VisibleWorkspaces(user).Select(WorkspaceJson)), 0),
                ["me", "datasets"] when method == "GET" => (200, ListDatasets(user, context.Request.Query), 0),
                ["me", "datasets", var id, "metadata-properties"] when method == "GET" => (200, EmptyItems(user, id), 0),
                ["workspaces"] when method == "POST" => (201, CreateWorkspace(user, body), 0),
                ["workspaces", var id] when method == "GET" => (200, WorkspaceJson(FindWorkspace(user, id)), 0),
                ["workspaces", var id, "users", var userId] when method == "POST" => (201, AddWorkspaceUser(user, id, userId), 0),
                ["users"] when method == "POST" => (201, CreateUser(user, body), 0),
                ["datasets"] when method == "POST" => (201, CreateDataset(user, body), 0),
                ["datasets", var id] when method == "GET" => (200, DatasetJson(FindDataset(user, id, write: false)), 0),
                ["datasets", var id] when method == "PATCH" => (200, UpdateDataset(user, id, body), 0),
                ["datasets", var id] when method == "DELETE" => (200, DeleteDataset(user, id), 0),
                ["datasets", var id, "publish"] when method == "PUT" => (200, Publish(user, id), 0),
                ["datasets", var id, "fields"] when method == "GET" => (200, Items(FindDataset(user, id, write: false).Fields.Select(FieldJson)), 0),
                ["datasets", var id, "fields"] when method == "POST" => (201, CreateField(user, id, body), 0),
                ["datasets", var id, "questions"] when method == "GET" => (200, Items(FindDataset(user, id, write: false).Questions.Select(QuestionJson)), 0),
                ["datasets", var id, "questions"] when method == "POST" => (201, CreateQuestion(user, id, body), 0),
                ["datasets", var id, "vectors-settings"] when method == "GET" => (200, EmptyItems(user, id), 0),
                ["datasets", var id, "records", "bulk"] when method == "POST" => (201, BulkRecords(user, id, body, upsert: false), Count(body)),
                ["datasets", var id, "records", "bulk"] when method == "PUT" => (200, BulkRecords(user, id, body, upsert: true), Count(body)),
                ["datasets", var id, "records"] when method == "GET" => (200, ListRecords(user, id, context.Request.Query), 0),
                ["records", var id, "responses"] when method == "POST" => (201, CreateResponse(user, id, body), 0),
                ["me"] or ["me", "workspaces"] or ["me", "datasets"] or ["workspaces"] or ["workspaces", _] or ["users"] or ["datasets"] or ["datasets", _]
                    or ["datasets", _, "publish" or "fields" or "questions" or "vectors-settings" or "records"] or ["datasets", _, "records", "bulk"] or ["records", _, "responses"]
                    => throw FakeArgillaError.Plain(405, "Method Not Allowed"),
                _ => throw FakeArgillaError.Plain(404, "Not Found"),
            };
        }
    }

    private static int Count(JsonNode? body) => body?["items"] is JsonArray items ? items.Count : 0;

    private FakeArgillaUser Authenticate(HttpContext context)
    {
        var key = context.Request.Headers["X-Argilla-Api-Key"].ToString();
        lock (_gate)
            return _users.FirstOrDefault(u => key.Length > 0 && u.ApiKey == key) ?? throw FakeArgillaError.Unauthorized();
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    // ── Users and workspaces ─────────────────────────────────────────────────────────────────────────────────────

    private IEnumerable<FakeArgillaWorkspace> VisibleWorkspaces(FakeArgillaUser user)
        => user.Role == "owner" ? _workspaces : _workspaces.Where(w => user.Workspaces.Contains(w.Id));

    private FakeArgillaWorkspace FindWorkspace(FakeArgillaUser user, string id)
    {
        var guid = ParseId(id, "workspace_id");
        var workspace = _workspaces.FirstOrDefault(w => w.Id == guid) ?? throw FakeArgillaError.NotFound("Workspace", guid);
        if (user.Role != "owner" && !user.Workspaces.Contains(guid))
            throw FakeArgillaError.Forbidden();
        return workspace;
    }

    private JsonNode CreateWorkspace(FakeArgillaUser user, JsonNode? body)
    {
        if (user.Role != "owner")
            throw FakeArgillaError.Forbidden();
        var name = RequiredString(body, "name", 1, 200, "body");
        if (_workspaces.Any(w => w.Name == name))
            throw FakeArgillaError.Plain(409, $"Workspace name `{name}` is not unique");
        var workspace = new FakeArgillaWorkspace(Guid.NewGuid(), name, Now());
        _workspaces.Add(workspace);
        return WorkspaceJson(workspace);
    }

    private JsonNode CreateUser(FakeArgillaUser user, JsonNode? body)
    {
        if (user.Role != "owner")
            throw FakeArgillaError.Forbidden();
        RequiredString(body, "first_name", 1, 200, "body");
        var username = RequiredString(body, "username", 1, 200, "body");
        var password = RequiredString(body, "password", 8, 100, "body");
        _ = password;
        var role = (string?)body!["role"] ?? "annotator";
        if (role is not ("owner" or "admin" or "annotator"))
            throw FakeArgillaError.Validation(["body", "role"], "value is not a valid enumeration member; permitted: 'owner', 'admin', 'annotator'", "type_error.enum");
        if (_users.Any(u => u.Username == username))
            throw FakeArgillaError.Plain(409, $"User username `{username}` is not unique");
        return UserJson(AddUserCore(username, role, "key-" + Guid.NewGuid().ToString("N")), withKey: true);
    }

    private JsonNode AddWorkspaceUser(FakeArgillaUser user, string workspaceId, string userId)
    {
        if (user.Role != "owner")
            throw FakeArgillaError.Forbidden();
        var workspace = FindWorkspace(user, workspaceId);
        var guid = ParseId(userId, "user_id");
        var member = _users.FirstOrDefault(u => u.Id == guid) ?? throw FakeArgillaError.NotFound("User", guid);
        if (!member.Workspaces.Add(workspace.Id))
            throw FakeArgillaError.Plain(409, $"User with id `{member.Id}` already exists in workspace with id `{workspace.Id}`");
        return UserJson(member, withKey: false);
    }

    private static JsonObject UserJson(FakeArgillaUser user, bool withKey)
    {
        var json = new JsonObject
        {
            ["id"] = user.Id.ToString(),
            ["first_name"] = user.Username,
            ["last_name"] = null,
            ["username"] = user.Username,
            ["role"] = user.Role,
            ["inserted_at"] = user.InsertedAt,
            ["updated_at"] = user.InsertedAt,
        };
        if (withKey)
            json["api_key"] = user.ApiKey;
        return json;
    }

    private static JsonObject WorkspaceJson(FakeArgillaWorkspace w)
        => new() { ["id"] = w.Id.ToString(), ["name"] = w.Name, ["inserted_at"] = w.InsertedAt, ["updated_at"] = w.InsertedAt };

    // ── Helpers ──────────────────────────────────────────────────────────────────────────────────────────────────

    private static JsonObject Items(IEnumerable<JsonNode> items) => new() { ["items"] = new JsonArray(items.ToArray()) };

    private JsonObject EmptyItems(FakeArgillaUser user, string datasetId)
    {
        FindDataset(user, datasetId, write: false);
        return new JsonObject { ["items"] = new JsonArray() };
    }

    private static Guid ParseId(string text, string name)
        => Guid.TryParse(text, out var id) ? id : throw FakeArgillaError.Validation(["path", name], "value is not a valid uuid", "type_error.uuid");

    /// <summary>A required string property of the body, with length limits (schema errors otherwise).</summary>
    private static string RequiredString(JsonNode? body, string name, int min, int max, params object[] location)
    {
        var node = body?[name];
        object[] loc = [.. location, name];
        if (node is null)
            throw FakeArgillaError.Validation(loc, "field required", "value_error.missing");
        return CheckString(node, min, max, loc);
    }

    /// <summary>An optional string property (null allowed), with length limits.</summary>
    private static string? OptionalString(JsonNode? body, string name, int min, int max, params object[] location)
    {
        var node = body?[name];
        return node is null ? null : CheckString(node, min, max, [.. location, name]);
    }

    private static string CheckString(JsonNode node, int min, int max, object[] loc)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
            throw FakeArgillaError.Validation(loc, "str type expected", "type_error.str");
        if (text.Length < min)
            throw FakeArgillaError.Validation(loc, $"ensure this value has at least {min} characters", "value_error.any_str.min_length");
        if (text.Length > max)
            throw FakeArgillaError.Validation(loc, $"ensure this value has at most {max} characters", "value_error.any_str.max_length");
        return text;
    }

    private static bool OptionalBool(JsonNode? body, string name, bool fallback, params object[] location)
    {
        var node = body?[name];
        if (node is null)
            return fallback;
        return node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw FakeArgillaError.Validation([.. location, name], "value could not be parsed to a boolean", "type_error.bool");
    }
}

/// <summary>A request the fake received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query.</param>
/// <param name="Query">The query string.</param>
/// <param name="Status">The status answered.</param>
/// <param name="Items">Records in a bulk body.</param>
/// <param name="ApiKey">The key sent.</param>
public sealed record FakeArgillaRequest(string Method, string Path, string Query, int Status, int Items, string ApiKey);

using System.Buffers;
using System.Text.Json;

namespace Distilabel.Argilla;

public sealed partial class ArgillaClient
{
    /// <summary>The user of the API key (<c>GET /api/v1/me</c>); checks the URL and key.</summary>
    public async Task<ArgillaUser> GetMeAsync(CancellationToken cancellationToken = default)
    {
        using var json = await SendAsync(HttpMethod.Get, "me", null, "checking the API key", ErrorContext.None, cancellationToken).ConfigureAwait(false);
        return ReadUser(json.RootElement, withKey: false);
    }

    /// <summary>The workspace named <paramref name="name"/> (exact, case-sensitive) among the key's workspaces.</summary>
    /// <exception cref="ArgillaException">No such workspace (the message lists the ones the key can see).</exception>
    public async Task<ArgillaWorkspace> GetWorkspaceAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var json = await SendAsync(HttpMethod.Get, "me/workspaces", null, "listing workspaces", new ErrorContext(null, name), cancellationToken).ConfigureAwait(false);
        var all = Items(json).Select(w => new ArgillaWorkspace(w.GetProperty("id").GetGuid(), w.GetProperty("name").GetString()!)).ToList();
        return all.FirstOrDefault(w => w.Name == name)
            ?? throw new ArgillaException(
                $"Argilla has no workspace '{name}' that this API key can use (workspaces: {(all.Count == 0 ? "none" : string.Join(", ", all.Select(w => w.Name)))}).",
                workspace: name);
    }

    /// <summary>The dataset <paramref name="name"/> in <paramref name="workspace"/> with its fields and questions, or null.</summary>
    public async Task<ArgillaRemoteDataset?> FindDatasetAsync(string name, string workspace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ws = await GetWorkspaceAsync(workspace, cancellationToken).ConfigureAwait(false);
        return await FindDatasetAsync(name, ws, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The dataset <paramref name="name"/> in <paramref name="workspace"/>, or null.</summary>
    public async Task<ArgillaRemoteDataset?> FindDatasetAsync(string name, ArgillaWorkspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var context = new ErrorContext(name, workspace.Name);
        // Servers >= 2.2 filter by the query; older ones ignore it, so the list is filtered here too.
        using var json = await SendAsync(HttpMethod.Get, $"me/datasets?workspace_id={workspace.Id}&name={Uri.EscapeDataString(name)}", null, "looking up the dataset", context, cancellationToken).ConfigureAwait(false);
        var found = Items(json).FirstOrDefault(d => d.GetProperty("name").GetString() == name && d.GetProperty("workspace_id").GetGuid() == workspace.Id);
        if (found.ValueKind == JsonValueKind.Undefined)
            return null;
        return await LoadDatasetAsync(found.GetProperty("id").GetGuid(), found.GetProperty("name").GetString()!, found.GetProperty("status").GetString() ?? "draft", workspace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates and publishes a dataset shaped by <paramref name="settings"/>: guidelines, a text field per input, a
    /// rating question per rating, a text question per text output. A dataset that cannot be completed is deleted again.
    /// </summary>
    /// <exception cref="ArgillaException">409 when the name exists in the workspace, 403 for an annotator's key, …</exception>
    public async Task<ArgillaRemoteDataset> CreateDatasetAsync(string name, ArgillaWorkspace workspace, ArgillaDatasetSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(settings);
        var context = new ErrorContext(name, workspace.Name);
        Guid id;
        using (var created = await SendAsync(HttpMethod.Post, "datasets", Json(w =>
               {
                   w.WriteString("name", name);
                   w.WriteString("workspace_id", workspace.Id);
                   if (!string.IsNullOrWhiteSpace(settings.Guidelines))
                       w.WriteString("guidelines", settings.Guidelines);
                   w.WriteBoolean("allow_extra_metadata", true);
               }), "creating the dataset", context, cancellationToken).ConfigureAwait(false))
            id = created.RootElement.GetProperty("id").GetGuid();

        try
        {
            foreach (var field in settings.Fields)
            {
                (await SendAsync(HttpMethod.Post, $"datasets/{id}/fields", Json(w =>
                {
                    w.WriteString("name", field.Name);
                    w.WriteString("title", field.Title);
                    w.WriteBoolean("required", field.Required);
                    w.WriteStartObject("settings");
                    w.WriteString("type", "text");
                    w.WriteBoolean("use_markdown", field.UseMarkdown);
                    w.WriteEndObject();
                }), $"adding the field '{field.Name}'", context, cancellationToken).ConfigureAwait(false)).Dispose();
            }

            foreach (var question in settings.Questions)
            {
                (await SendAsync(HttpMethod.Post, $"datasets/{id}/questions", Json(w =>
                {
                    w.WriteString("name", question.Name);
                    w.WriteString("title", question.Title);
                    if (string.IsNullOrWhiteSpace(question.Description))
                        w.WriteNull("description");
                    else
                        w.WriteString("description", question.Description);
                    w.WriteBoolean("required", question.Required);
                    w.WriteStartObject("settings");
                    switch (question)
                    {
                        case ArgillaRatingQuestion rating:
                            w.WriteString("type", "rating");
                            w.WriteStartArray("options");
                            foreach (var value in rating.Values)
                            {
                                w.WriteStartObject();
                                w.WriteNumber("value", value);
                                w.WriteEndObject();
                            }

                            w.WriteEndArray();
                            break;
                        case ArgillaTextQuestion text:
                            w.WriteString("type", "text");
                            w.WriteBoolean("use_markdown", text.UseMarkdown);
                            break;
                        default:
                            throw new NotSupportedException($"Question type {question.GetType().Name} is not supported.");
                    }

                    w.WriteEndObject();
                }), $"adding the question '{question.Name}'", context, cancellationToken).ConfigureAwait(false)).Dispose();
            }

            (await SendAsync(HttpMethod.Put, $"datasets/{id}/publish", null, "publishing the dataset", context, cancellationToken).ConfigureAwait(false)).Dispose();
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await TryDeleteAsync(id).ConfigureAwait(false);
            throw;
        }

        return await LoadDatasetAsync(id, name, "ready", workspace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a dataset and its records.</summary>
    public async Task DeleteDatasetAsync(ArgillaRemoteDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        (await SendAsync(HttpMethod.Delete, $"datasets/{dataset.Id}", null, "deleting the dataset", new ErrorContext(dataset.Name, dataset.Workspace.Name), cancellationToken).ConfigureAwait(false)).Dispose();
    }

    /// <summary>Creates a user (owner only; <c>POST /api/v1/users</c>) and returns it with its own API key.</summary>
    public async Task<ArgillaUser> CreateUserAsync(string username, string password, string role = "annotator", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentException.ThrowIfNullOrWhiteSpace(password);
        using var json = await SendAsync(HttpMethod.Post, "users", Json(w =>
        {
            w.WriteString("first_name", username);
            w.WriteString("username", username);
            w.WriteString("role", role);
            w.WriteString("password", password);
        }), $"creating the user '{username}'", ErrorContext.None, cancellationToken).ConfigureAwait(false);
        return ReadUser(json.RootElement, withKey: true);
    }

    /// <summary>Makes <paramref name="user"/> a member of <paramref name="workspace"/> (<c>POST /api/v1/workspaces/{id}/users/{user_id}</c>).</summary>
    public async Task AddWorkspaceUserAsync(ArgillaWorkspace workspace, ArgillaUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(user);
        (await SendAsync(HttpMethod.Post, $"workspaces/{workspace.Id}/users/{user.Id}", null, $"adding '{user.Username}' to the workspace", new ErrorContext(null, workspace.Name), cancellationToken).ConfigureAwait(false)).Dispose();
    }

    private async Task<ArgillaRemoteDataset> LoadDatasetAsync(Guid id, string name, string status, ArgillaWorkspace workspace, CancellationToken cancellationToken)
    {
        var context = new ErrorContext(name, workspace.Name);
        List<ArgillaRemoteField> fields;
        using (var json = await SendAsync(HttpMethod.Get, $"datasets/{id}/fields", null, "reading the fields", context, cancellationToken).ConfigureAwait(false))
        {
            fields = Items(json).Select(f => new ArgillaRemoteField(
                f.GetProperty("id").GetGuid(),
                f.GetProperty("name").GetString()!,
                f.TryGetProperty("settings", out var s) && s.TryGetProperty("type", out var t) ? t.GetString() ?? "text" : "text",
                f.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True)).ToList();
        }

        List<ArgillaRemoteQuestion> questions;
        using (var json = await SendAsync(HttpMethod.Get, $"datasets/{id}/questions", null, "reading the questions", context, cancellationToken).ConfigureAwait(false))
        {
            questions = Items(json).Select(q =>
            {
                var settings = q.GetProperty("settings");
                var type = settings.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
                var values = type == "rating" && settings.TryGetProperty("options", out var options)
                    ? options.EnumerateArray().Select(o => o.GetProperty("value").GetInt32()).ToArray()
                    : [];
                return new ArgillaRemoteQuestion(q.GetProperty("id").GetGuid(), q.GetProperty("name").GetString()!, type,
                    q.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True, values);
            }).ToList();
        }

        return new ArgillaRemoteDataset(id, name, workspace, status, fields, questions);
    }

    private async Task TryDeleteAsync(Guid id)
    {
        try
        {
            (await SendAsync(HttpMethod.Delete, $"datasets/{id}", null, "rolling back the dataset", ErrorContext.None, CancellationToken.None).ConfigureAwait(false)).Dispose();
        }
        catch (ArgillaException)
        {
            // The original error matters more.
        }
    }

    private static ArgillaUser ReadUser(JsonElement user, bool withKey) => new(
        user.GetProperty("id").GetGuid(),
        user.GetProperty("username").GetString()!,
        user.TryGetProperty("role", out var role) ? role.GetString() ?? "" : "",
        withKey && user.TryGetProperty("api_key", out var key) ? key.GetString() : null);

    internal static IEnumerable<JsonElement> Items(JsonDocument json)
        => json.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    /// <summary>A JSON object written by <paramref name="write"/>.</summary>
    internal static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

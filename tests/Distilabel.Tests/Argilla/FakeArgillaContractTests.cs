using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Distilabel.Testing.Argilla;

namespace Distilabel.Tests.Argilla;

/// <summary>The loopback fake answers as the Argilla 2.x server does (shared/specs/argilla-api.md): raw HTTP, exact bodies.</summary>
public sealed class FakeArgillaContractTests : IAsyncLifetime
{
    private FakeArgilla _argilla = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _argilla = await FakeArgilla.StartAsync();
        _owner = Client(FakeArgilla.OwnerApiKey);
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _argilla.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_401_with_the_servers_body()
    {
        using var anonymous = Client(null);
        await AssertError(await anonymous.GetAsync("api/v1/me"), 401, """{"detail":{"code":"argilla.api.errors::UnauthorizedError","params":{"detail":"Could not validate credentials"}}}""");
        using var wrong = Client("not-a-key");
        await AssertError(await wrong.GetAsync("api/v1/me/workspaces"), 401, """{"detail":{"code":"argilla.api.errors::UnauthorizedError","params":{"detail":"Could not validate credentials"}}}""");
        // Version is public.
        Assert.Equal(200, (int)(await anonymous.GetAsync("api/v1/version")).StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_as_FastAPI()
    {
        await AssertError(await _owner.GetAsync("api/v1/nothing"), 404, """{"detail":"Not Found"}""");
        await AssertError(await _owner.DeleteAsync("api/v1/me"), 405, """{"detail":"Method Not Allowed"}""");
        var missing = Guid.NewGuid();
        await AssertError(await _owner.GetAsync($"api/v1/datasets/{missing}"), 404, $$"""{"detail":"Dataset with id `{{missing}}` not found"}""");
    }

    [Fact]
    public async Task An_annotator_cannot_create_a_dataset()
    {
        var annotator = _argilla.AddUser("ann", "annotator", "admin");
        using var client = Client(annotator.ApiKey);
        var ws = await WorkspaceIdAsync();
        await AssertError(await client.PostAsJsonAsync("api/v1/datasets", new { name = "d", workspace_id = ws }), 403,
            """{"detail":{"code":"argilla.api.errors::ForbiddenOperationError","params":{"detail":"Operation not allowed"}}}""");
    }

    [Fact]
    public async Task Dataset_names_are_unique_per_workspace_and_unknown_properties_are_ignored()
    {
        var ws = await WorkspaceIdAsync();
        var created = await _owner.PostAsJsonAsync("api/v1/datasets", new { id = (string?)null, name = "d", workspace_id = ws, inserted_at = (string?)null, surprise = 42 });
        Assert.Equal(201, (int)created.StatusCode);
        var json = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("draft", (string?)json["status"]);
        Assert.Equal("""{"strategy":"overlap","min_submitted":1}""", json["distribution"]!.ToJsonString());
        await AssertError(await _owner.PostAsJsonAsync("api/v1/datasets", new { name = "d", workspace_id = ws }), 409,
            $$"""{"detail":"Dataset with name `d` already exists for workspace with id `{{ws}}`"}""");
        // "" guidelines are a schema error.
        var empty = await _owner.PostAsJsonAsync("api/v1/datasets", new { name = "e", workspace_id = ws, guidelines = "" });
        Assert.Equal(422, (int)empty.StatusCode);
        Assert.Contains("\"loc\":[\"body\",\"guidelines\"]", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_rules_come_in_the_servers_order()
    {
        var id = await CreateDatasetAsync("p");
        await AssertError(await _owner.PutAsync($"api/v1/datasets/{id}/publish", null), 422, """{"detail":"Dataset cannot be published without fields"}""");
        await PostOk($"api/v1/datasets/{id}/fields", new { name = "prompt", title = "Prompt", settings = new { type = "text" } });
        await AssertError(await _owner.PutAsync($"api/v1/datasets/{id}/publish", null), 422, """{"detail":"Dataset cannot be published without required questions"}""");
        await PostOk($"api/v1/datasets/{id}/questions", Rating("quality", required: true));
        Assert.Equal(200, (int)(await _owner.PutAsync($"api/v1/datasets/{id}/publish", null)).StatusCode);
        await AssertError(await _owner.PutAsync($"api/v1/datasets/{id}/publish", null), 422, """{"detail":"Dataset has already been published"}""");
        await AssertError(await _owner.PostAsJsonAsync($"api/v1/datasets/{id}/fields", new { name = "more", title = "More", settings = new { type = "text" } }), 422,
            """{"detail":"Field cannot be created for a published dataset"}""");
        await AssertError(await _owner.PostAsJsonAsync($"api/v1/datasets/{id}/questions", Rating("other", required: true)), 422,
            """{"detail":"questions cannot be created for a published dataset"}""");
    }

    [Fact]
    public async Task Records_are_validated_all_or_nothing_with_the_servers_messages()
    {
        var (id, question) = await ReadyDatasetAsync("r");

        // 501 items: a schema error, nothing stored.
        var tooMany = new { items = Enumerable.Range(0, 501).Select(i => new { fields = new { prompt = "p" + i }, external_id = "e" + i }).ToArray() };
        var response = await _owner.PutAsJsonAsync($"api/v1/datasets/{id}/records/bulk", tooMany);
        await AssertError(response, 422, """{"detail":{"code":"argilla.api.errors::ValidationError","params":{"errors":[{"loc":["body","items"],"msg":"ensure this value has at most 500 items","type":"value_error.list.max_items"}]}}}""");

        // A rating that is not an option (and 4.0 is not an integer rating).
        var bad = new { items = new object[]
        {
            new { fields = new { prompt = "ok" }, suggestions = new[] { new { question_id = question, value = (object)3 } } },
            new { fields = new { prompt = "bad" }, suggestions = new[] { new { question_id = question, value = (object)7 } } },
        } };
        await AssertError(await _owner.PutAsJsonAsync($"api/v1/datasets/{id}/records/bulk", bad), 422,
            """{"detail":"Record at position 1 is not valid because record does not have valid suggestions: 7 is not a valid rating for rating question.\nValid ratings are: [1, 2, 3, 4, 5]"}""");
        var floating = new { items = new[] { new { fields = new { prompt = "x" }, suggestions = new[] { new { question_id = question, value = (object)4.5 } } } } };
        Assert.Equal(422, (int)(await _owner.PutAsJsonAsync($"api/v1/datasets/{id}/records/bulk", floating)).StatusCode);
        Assert.Equal(0, _argilla.RecordCount("r"));

        await AssertError(await _owner.PostAsJsonAsync($"api/v1/datasets/{id}/records/bulk", new { items = new[] { new { fields = new { prompt = "x", extra = "y" } } } }), 422,
            """{"detail":"Record at position 0 is not valid because found fields values for non configured fields: ['extra']"}""");
        await AssertError(await _owner.PostAsJsonAsync($"api/v1/datasets/{id}/records/bulk", new { items = new[] { new { external_id = "a", fields = new { prompt = "x" } }, new { external_id = "a", fields = new { prompt = "y" } } } }), 422,
            """{"detail":{"code":"argilla.api.errors::ValidationError","params":{"errors":[{"loc":["body","items"],"msg":"External IDs must be unique","type":"value_error"}]}}}""");
        var agent = new { items = new[] { new { fields = new { prompt = "x" }, suggestions = new[] { new { question_id = question, value = 2, agent = "model@v1" } } } } };
        var agentResponse = await _owner.PutAsJsonAsync($"api/v1/datasets/{id}/records/bulk", agent);
        Assert.Equal(422, (int)agentResponse.StatusCode);
        Assert.Contains("\"loc\":[\"body\",\"items\",0,\"suggestions\",0,\"agent\"]", await agentResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // POST creates (201); the same external id again is refused; PUT upserts it (200) without a duplicate.
        Assert.Equal(201, (int)(await _owner.PostAsJsonAsync($"api/v1/datasets/{id}/records/bulk", new { items = new[] { new { external_id = "a", fields = new { prompt = "x" } } } })).StatusCode);
        await AssertError(await _owner.PostAsJsonAsync($"api/v1/datasets/{id}/records/bulk", new { items = new[] { new { external_id = "a", fields = new { prompt = "x" } } } }), 422,
            """{"detail":"found records with same external ids: a"}""");
        Assert.Equal(200, (int)(await _owner.PutAsJsonAsync($"api/v1/datasets/{id}/records/bulk", new { items = new[] { new { external_id = "a", fields = new { prompt = "x2" } } } })).StatusCode);
        Assert.Equal(1, _argilla.RecordCount("r"));
        Assert.Equal("x2", (string?)_argilla.Records("r")[0]["fields"]!["prompt"]);
    }

    [Fact]
    public async Task Records_cannot_go_into_a_draft_dataset()
    {
        var id = await CreateDatasetAsync("draft");
        await AssertError(await _owner.PostAsJsonAsync($"api/v1/datasets/{id}/records/bulk", new { items = new[] { new { fields = new { prompt = "x" } } } }), 422,
            """{"detail":"records cannot be created for a non published dataset"}""");
    }

    [Fact]
    public async Task Each_reviewer_answers_once_with_their_own_key()
    {
        var (id, question) = await ReadyDatasetAsync("reviews");
        var created = await _owner.PutAsJsonAsync($"api/v1/datasets/{id}/records/bulk", new { items = new[] { new { external_id = "a", fields = new { prompt = "x" } } } });
        var recordId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["items"]![0]!["id"]!;
        var reviewer = _argilla.AddUser("rev", "annotator", "admin");
        using var client = Client(reviewer.ApiKey);

        await AssertError(await client.PostAsJsonAsync($"api/v1/records/{recordId}/responses", new { values = new { quality = new { value = 9 } }, status = "submitted" }), 422,
            """{"detail":"9 is not a valid rating for rating question.\nValid ratings are: [1, 2, 3, 4, 5]"}""");
        var ok = await client.PostAsJsonAsync($"api/v1/records/{recordId}/responses", new { values = new { quality = new { value = 4 } }, status = "submitted" });
        Assert.Equal(201, (int)ok.StatusCode);
        var response = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
        Assert.Equal(reviewer.Id.ToString(), (string?)response["user_id"]);
        await AssertError(await client.PostAsJsonAsync($"api/v1/records/{recordId}/responses", new { values = new { quality = new { value = 3 } }, status = "submitted" }), 409,
            $$"""{"detail":"Response already exists for record with id `{{recordId}}` and by user with id `{{reviewer.Id}}`"}""");

        // Annotators may not list records; the owner sees the response and a completed record.
        Assert.Equal(403, (int)(await client.GetAsync($"api/v1/datasets/{id}/records")).StatusCode);
        var listed = JsonNode.Parse(await _owner.GetStringAsync($"api/v1/datasets/{id}/records?include=responses&include=suggestions"))!;
        Assert.Equal(1, (int)listed["total"]!);
        Assert.Equal("completed", (string?)listed["items"]![0]!["status"]);
        Assert.Equal(4, (int)listed["items"]![0]!["responses"]![0]!["values"]!["quality"]!["value"]!);
        var bare = JsonNode.Parse(await _owner.GetStringAsync($"api/v1/datasets/{id}/records"))!;
        Assert.Null(bare["items"]![0]!.AsObject()["responses"]);
        _ = question;
    }

    private HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(_argilla.ApiUrl + "/") };
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Argilla-Api-Key", key);
        return client;
    }

    private async Task<string> WorkspaceIdAsync()
        => (string)JsonNode.Parse(await _owner.GetStringAsync("api/v1/me/workspaces"))!["items"]![0]!["id"]!;

    private async Task<string> CreateDatasetAsync(string name)
    {
        var response = await _owner.PostAsJsonAsync("api/v1/datasets", new { name, workspace_id = await WorkspaceIdAsync() });
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private async Task<(string Dataset, string Question)> ReadyDatasetAsync(string name)
    {
        var id = await CreateDatasetAsync(name);
        await PostOk($"api/v1/datasets/{id}/fields", new { name = "prompt", title = "Prompt", required = true, settings = new { type = "text" } });
        var question = await PostOk($"api/v1/datasets/{id}/questions", Rating("quality", required: true));
        Assert.Equal(200, (int)(await _owner.PutAsync($"api/v1/datasets/{id}/publish", null)).StatusCode);
        return (id, (string)question["id"]!);
    }

    private static object Rating(string name, bool required)
        => new { name, title = name, required, settings = new { type = "rating", options = Enumerable.Range(1, 5).Select(v => new { value = v }).ToArray() } };

    private async Task<JsonNode> PostOk(string path, object body)
    {
        var response = await _owner.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(201 == (int)response.StatusCode, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task AssertError(HttpResponseMessage response, int status, string body)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }
}

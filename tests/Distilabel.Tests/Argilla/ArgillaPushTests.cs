using System.Net;
using Distilabel.Argilla;
using Distilabel.Llms;
using Distilabel.Testing.Argilla;
using Distilabel.Tests.Llms;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Argilla;

/// <summary>Pushing labelled rows to the loopback Argilla: dataset shape, records, ids, batches, existing datasets, errors, retries.</summary>
public sealed class ArgillaPushTests : IAsyncLifetime
{
    private FakeArgilla _argilla = null!;

    public async Task InitializeAsync() => _argilla = await FakeArgilla.StartAsync();

    public async Task DisposeAsync() => await _argilla.DisposeAsync();

    [Fact]
    public async Task Push_creates_the_tasks_dataset_and_sends_records_with_shifted_suggestions()
    {
        using var client = ArgillaTestData.Client(_argilla);
        var rows = new[] { ArgillaTestData.Row("What is 2+2?", "4", correctness: 4, helpfulness: null, model: "model@v1 (q4)") };

        var summary = await rows.ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "HelpSteer-AIF", "admin");

        Assert.Equal(("HelpSteer-AIF", "admin", 1L, 0L), (summary.DatasetName, summary.Workspace, summary.RecordsPushed, summary.RecordsFailed));
        var dataset = _argilla.Dataset("HelpSteer-AIF")!;
        Assert.Equal("ready", dataset.Status);
        Assert.Equal("https://huggingface.co/datasets/nvidia/HelpSteer", dataset.Guidelines);
        Assert.StartsWith(_argilla.ApiUrl + "/dataset/" + dataset.Id, summary.Url, StringComparison.Ordinal);
        var remote = await client.FindDatasetAsync("HelpSteer-AIF", "admin");
        Assert.Equal(["prompt", "response"], remote!.Fields.Select(f => f.Name));
        Assert.Equal(["correctness", "coherence", "complexity", "verbosity", "helpfulness"], remote.Questions.Select(q => q.Name));
        Assert.All(remote.Questions, q => Assert.Equal([1, 2, 3, 4, 5], q.RatingValues));

        var record = Assert.Single(_argilla.Records("HelpSteer-AIF"));
        Assert.Equal("What is 2+2?", (string?)record["fields"]!["prompt"]);
        var suggestions = record["suggestions"]!.AsArray();
        Assert.Equal(4, suggestions.Count); // helpfulness had no AI value
        var correctness = suggestions.Single(s => (string?)s!["question_id"] == remote.Question("correctness")!.Id.ToString())!;
        Assert.Equal(5, (int)correctness["value"]!);                       // 4 on 0–4 is 5 on Argilla's 1–5
        Assert.Equal("model-v1 -q4-", (string?)correctness["agent"]);     // characters Argilla rejects replaced
        Assert.Equal("model", (string?)correctness["type"]);
        Assert.Equal("helpsteer", (string?)record["metadata"]!["distilabel_task"]);
        Assert.Equal("model@v1 (q4)", (string?)record["metadata"]!["labelling_model"]);
        Assert.Matches("^[0-9a-f]{32}-1$", (string?)record["external_id"]);
    }

    [Fact]
    public async Task Records_go_in_batches_of_at_most_500_with_progress()
    {
        using var client = ArgillaTestData.Client(_argilla);
        var progress = new RecordingProgress<ArgillaPushProgress>();
        var summary = await client.PushAsync(ArgillaTestData.Rows(1201).ToArgilla(ArgillaTestData.HelpSteerTask), "big", "admin", new ArgillaPushOptions { Progress = progress });

        Assert.Equal(1201, summary.RecordsPushed);
        Assert.Equal(1201, _argilla.RecordCount("big"));
        Assert.Equal([500, 500, 201], _argilla.Requests.Where(r => r.Path.EndsWith("/records/bulk", StringComparison.Ordinal)).Select(r => r.Items));
        Assert.All(_argilla.Requests.Where(r => r.Path.EndsWith("/records/bulk", StringComparison.Ordinal)), r => Assert.Equal("PUT", r.Method));
        Assert.Equal([500L, 1000L, 1201L], progress.Reports.Select(p => p.RecordsSent));
    }

    [Fact]
    public async Task Pushing_again_filtered_and_reordered_updates_the_same_records_and_identical_rows_stay_apart()
    {
        using var client = ArgillaTestData.Client(_argilla);
        var rows = ArgillaTestData.Rows(6);
        rows.Add(ArgillaTestData.Row("prompt 0", "response 0", correctness: 1)); // same inputs as row 0: a second record
        await rows.ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "again", "admin");
        Assert.Equal(7, _argilla.RecordCount("again"));

        // Later rows first, some left out, row 0's AI value changed.
        var changed = new[] { rows[6], rows[3], ArgillaTestData.Row("prompt 0", "response 0", correctness: 3), rows[5] };
        var summary = await changed.ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "again", "admin", new ArgillaPushOptions { IfExists = ArgillaIfExists.Update });

        Assert.Equal(4, summary.RecordsPushed);
        Assert.Equal(7, _argilla.RecordCount("again"));
        var records = _argilla.Records("again");
        var ids = records.Select(r => (string)r["external_id"]!).ToList();
        Assert.Equal(7, ids.Distinct().Count());
        // rows[6] was the 2nd "prompt 0" the first time, the 1st now: the ids count occurrences, so it took the first record's id.
        Assert.Contains(ids, id => id.EndsWith("-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_existing_dataset_stops_the_push_naming_it_unless_update_is_asked()
    {
        using var client = ArgillaTestData.Client(_argilla);
        await ArgillaTestData.Rows(2).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "exists", "admin");

        var error = await Assert.ThrowsAsync<ArgillaException>(() => ArgillaTestData.Rows(2).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "exists", "admin"));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Argilla dataset 'exists' already exists in workspace 'admin'.", error.Message);
        Assert.Equal(("exists", "admin"), (error.Dataset, error.Workspace));
    }

    [Fact]
    public async Task Update_refuses_a_dataset_whose_questions_differ_from_the_task()
    {
        using var client = ArgillaTestData.Client(_argilla);
        var ws = await client.GetWorkspaceAsync("admin");
        var other = new ArgillaDatasetSettings(null, [new ArgillaField("prompt", "Prompt")], [new ArgillaRatingQuestion("correctness", "c", null, true, [1, 2, 3], 0)]);
        await client.CreateDatasetAsync("different", ws, other);

        var error = await Assert.ThrowsAsync<ArgillaException>(() => ArgillaTestData.Rows(1).ToArgilla(ArgillaTestData.HelpSteerTask)
            .PushToArgillaAsync(client, "different", "admin", new ArgillaPushOptions { IfExists = ArgillaIfExists.Update }));
        Assert.Contains("does not match the task: it has no field 'response'; its question 'correctness' has the values 1,2,3, not 1,2,3,4,5; it has no question 'coherence'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _argilla.RecordCount("different"));
    }

    [Fact]
    public async Task A_rejected_key_is_a_clear_error_without_the_key()
    {
        using var client = ArgillaTestData.Client(_argilla, key: "secret-key-123");
        var error = await Assert.ThrowsAsync<ArgillaException>(() => ArgillaTestData.Rows(1).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "x", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("Could not validate credentials", error.ServerDetail);
        Assert.Contains("Argilla answered 401 Unauthorized while checking the API key: Could not validate credentials. The API key was not accepted: check ARGILLA_API_KEY.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-123", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_annotators_key_gets_403_and_an_unknown_workspace_lists_the_known_ones()
    {
        var annotator = _argilla.AddUser("ann", "annotator", "admin");
        using var client = ArgillaTestData.Client(_argilla, annotator.ApiKey);
        var forbidden = await Assert.ThrowsAsync<ArgillaException>(() => ArgillaTestData.Rows(1).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "x", "admin"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("while creating the dataset (dataset 'x' in workspace 'admin'): Operation not allowed", forbidden.Message, StringComparison.Ordinal);

        using var owner = ArgillaTestData.Client(_argilla);
        var missing = await Assert.ThrowsAsync<ArgillaException>(() => ArgillaTestData.Rows(1).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(owner, "x", "nope"));
        Assert.Equal("Argilla has no workspace 'nope' that this API key can use (workspaces: admin).", missing.Message);
    }

    [Fact]
    public async Task A_422_carries_the_per_field_details_and_a_half_made_dataset_is_rolled_back()
    {
        using var client = ArgillaTestData.Client(_argilla);
        var ws = await client.GetWorkspaceAsync("admin");
        var bad = new ArgillaDatasetSettings(null, [new ArgillaField("prompt", "Prompt")], [new ArgillaRatingQuestion("q", "Q", null, true, [1], 0)]);

        var error = await Assert.ThrowsAsync<ArgillaException>(() => client.CreateDatasetAsync("rolled-back", ws, bad));
        Assert.Equal((HttpStatusCode)422, error.StatusCode);
        var field = Assert.Single(error.FieldErrors);
        Assert.Equal(new ArgillaFieldError("body.settings.options", "ensure this value has at least 2 items"), field);
        Assert.Contains("(body.settings.options: ensure this value has at least 2 items)", error.Message, StringComparison.Ordinal);
        Assert.Null(_argilla.Dataset("rolled-back"));
    }

    [Fact]
    public async Task Transient_failures_are_retried_honouring_Retry_After()
    {
        var clock = new InstantTimeProvider();
        var retries = new List<RetryAttempt>();
        using var client = ArgillaTestData.Client(_argilla, clock: clock, onRetry: retries.Add);
        _argilla.FailNext(429, count: 1, retryAfter: "7", method: "PUT", pathContains: "/records/bulk");
        _argilla.FailNext(503, count: 1, method: "PUT", pathContains: "/records/bulk");
        _argilla.FailNext(502, count: 1, method: "PUT", pathContains: "/records/bulk");

        var summary = await ArgillaTestData.Rows(3).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "flaky", "admin");

        Assert.Equal(3, summary.RecordsPushed);
        Assert.Equal(3, _argilla.RecordCount("flaky"));
        Assert.Equal([429, 503, 502], retries.Select(r => r.Error.StatusCode ?? 0));
        Assert.Equal(TimeSpan.FromSeconds(7), retries[0].Delay);
        Assert.Contains(TimeSpan.FromSeconds(7), clock.RequestedDelays);
    }

    [Fact]
    public async Task A_POST_is_not_resent_after_a_500_but_a_refused_connection_is_a_clear_error()
    {
        using var client = ArgillaTestData.Client(_argilla);
        _argilla.FailNext(500, count: 1, method: "POST", pathContains: "/datasets");
        var error = await Assert.ThrowsAsync<ArgillaException>(() => ArgillaTestData.Rows(1).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(client, "once", "admin"));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("injected failure", error.Message, StringComparison.Ordinal);

        using var nowhere = new ArgillaClient(new ArgillaClientOptions
        {
            ApiUrl = $"http://127.0.0.1:{Distilabel.Testing.OpenAI.LoopbackWebServer.UnusedPort()}",
            ApiKey = "k",
            Retry = new RetryOptions { MaxAttempts = 2, TimeProvider = new InstantTimeProvider() },
        });
        var unreachable = await Assert.ThrowsAsync<ArgillaException>(() => nowhere.GetMeAsync());
        Assert.Null(unreachable.StatusCode);
        Assert.Contains("could not be reached", unreachable.Message, StringComparison.Ordinal);
        Assert.Contains("(after 2 attempts)", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_URL_that_is_not_http_is_refused_at_once()
    {
        var error = Assert.Throws<ArgumentException>(() => new ArgillaClient(new ArgillaClientOptions { ApiUrl = "ftp://x", ApiKey = "k" }));
        Assert.Contains("is not an http(s) URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_ids_hash_the_inputs_and_count_identical_rows()
    {
        var ids = new ArgillaRecordIds();
        KeyValuePair<string, string>[] a = [new("prompt", "ab"), new("response", "c")];
        KeyValuePair<string, string>[] b = [new("prompt", "a"), new("response", "bc")];
        var first = ids.Next(a);
        var other = ids.Next(b);
        var second = ids.Next(a);
        Assert.Equal(first[..^2] + "-2", second);
        Assert.NotEqual(first[..^2], other[..^2]);
        Assert.Equal(first, new ArgillaRecordIds().Next(a));
    }
}

using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;
using Distilabel.Data;
using Distilabel.Testing.Argilla;

namespace Distilabel.Tests.Argilla;

/// <summary>Reading reviewed records back: the task from the metadata, ratings shifted back, majority and counts, nulls.</summary>
public sealed class ArgillaPullTests : IAsyncLifetime
{
    private FakeArgilla _argilla = null!;

    public async Task InitializeAsync() => _argilla = await FakeArgilla.StartAsync();

    public async Task DisposeAsync() => await _argilla.DisposeAsync();

    [Fact]
    public async Task Two_reviewers_answers_come_back_beside_the_AIs_on_the_tasks_scale()
    {
        using var owner = ArgillaTestData.Client(_argilla);
        var rows = new[]
        {
            ArgillaTestData.Row("p0", "r0", correctness: 4, helpfulness: 0),
            ArgillaTestData.Row("p1", "r1", correctness: 1, helpfulness: 2),
            ArgillaTestData.Row("p2", "r2", correctness: 0, helpfulness: null),
        };
        await rows.ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(owner, "reviewed", "admin");
        var remote = (await owner.FindDatasetAsync("reviewed", "admin"))!;
        var records = await owner.ReadRecordsAsync(remote).ToListAsync();

        // Two reviewers, each with their own key, answer on Argilla's 1–5 scale; nobody answers record 2.
        var alice = _argilla.AddUser("alice", "annotator", "admin");
        var bob = _argilla.AddUser("bob", "annotator", "admin");
        using (var a = ArgillaTestData.Client(_argilla, alice.ApiKey))
        {
            await a.SubmitResponseAsync(records[0].Id, Answers(correctness: 5, helpfulness: 2));
            await a.SubmitResponseAsync(records[1].Id, Answers(correctness: 3, helpfulness: 3));
        }

        using (var b = ArgillaTestData.Client(_argilla, bob.ApiKey))
        {
            await b.SubmitResponseAsync(records[0].Id, Answers(correctness: 5, helpfulness: 1));
            await b.SubmitResponseAsync(records[1].Id, Answers(correctness: 4, helpfulness: 3), status: "draft");
        }

        var pulled = await owner.PullAsync("reviewed", "admin");
        Assert.Equal("helpsteer", pulled.Task.Descriptor.Name); // restored from the records' metadata
        var back = await pulled.Rows.ToListAsync();

        Assert.Equal(
            ["prompt", "response", "correctness", "correctness_human", "correctness_human_count", "coherence", "coherence_human", "coherence_human_count",
             "complexity", "complexity_human", "complexity_human_count", "verbosity", "verbosity_human", "verbosity_human_count",
             "helpfulness", "helpfulness_human", "helpfulness_human_count", "labelling_model"],
            back[0].Columns);
        // Record 0: both submitted. correctness 5,5 → 4; helpfulness 2,1 → task 1,0: a tie, the lower value 0 wins.
        Assert.Equal(("p0", 4L, 4L, 2L), (back[0]["prompt"], back[0]["correctness"], back[0]["correctness_human"], back[0]["correctness_human_count"]));
        Assert.Equal((0L, 0L, 2L), (back[0]["helpfulness"], back[0]["helpfulness_human"], back[0]["helpfulness_human_count"]));
        // Record 1: bob's draft does not count.
        Assert.Equal((1L, 2L, 1L), (back[1]["correctness"], back[1]["correctness_human"], back[1]["correctness_human_count"]));
        // Record 2: nobody answered; its missing AI helpfulness stays null.
        Assert.Equal((0L, null, 0L), (back[2]["correctness"], back[2]["correctness_human"], back[2]["correctness_human_count"]));
        Assert.Null(back[2]["helpfulness"]);
        Assert.Equal("gpt-4o", back[2]["labelling_model"]);

        var report = AgreementReport.Compute(pulled.Task.Descriptor, back);
        Assert.Equal((3L, 2L), (report.Records, report.RecordsAnswered));
        var correctness = report.Ratings.Single(r => r.Output == "correctness");
        Assert.Equal(2, correctness.Pairs);              // (4,4) and (1,2)
        Assert.Equal(0.5, correctness.ExactAgreement);
        Assert.Equal(0.5, correctness.MeanAbsoluteDifference);
    }

    [Fact]
    public async Task A_dataset_pushed_by_someone_else_needs_the_task_and_a_missing_one_is_named()
    {
        using var owner = ArgillaTestData.Client(_argilla);
        var missing = await Assert.ThrowsAsync<ArgillaException>(() => owner.PullAsync("nope", "admin"));
        Assert.Equal("Argilla has no dataset 'nope' in workspace 'admin'.", missing.Message);

        var ws = await owner.GetWorkspaceAsync("admin");
        var remote = await owner.CreateDatasetAsync("foreign", ws, ArgillaTestData.HelpSteerTask.ArgillaSettings);
        await owner.UpsertRecordsAsync(remote, [new ArgillaRecord(new Dictionary<string, string> { ["prompt"] = "p", ["response"] = "r" }, [new ArgillaSuggestion("coherence", 3)])]);
        var noTask = await Assert.ThrowsAsync<ArgillaException>(() => owner.PullAsync("foreign", "admin"));
        Assert.Contains("does not say which task labelled it", noTask.Message, StringComparison.Ordinal);

        var pulled = await owner.PullAsync("foreign", "admin", new ArgillaPullOptions { Task = ArgillaTestData.HelpSteerTask });
        var row = Assert.Single(await pulled.Rows.ToListAsync());
        Assert.Equal(2L, row["coherence"]);
    }

    [Fact]
    public async Task Records_are_read_page_by_page()
    {
        using var owner = ArgillaTestData.Client(_argilla);
        await ArgillaTestData.Rows(2345).ToArgilla(ArgillaTestData.HelpSteerTask).PushToArgillaAsync(owner, "paged", "admin");
        var pulled = await owner.PullAsync("paged", "admin");
        var count = 0;
        await foreach (var _ in pulled.Rows)
            count++;
        Assert.Equal(2345, count);
        Assert.Equal(["offset=0&limit=1000", "offset=1000&limit=1000", "offset=2000&limit=1000"],
            _argilla.Requests.Where(r => r.Path.EndsWith("/records", StringComparison.Ordinal) && r.Method == "GET").Select(r => r.Query.TrimStart('?')[..r.Query.TrimStart('?').IndexOf("&include", StringComparison.Ordinal)]));
    }

    private static Dictionary<string, object> Answers(int correctness, int helpfulness) => new()
    {
        ["correctness"] = correctness,
        ["coherence"] = 5,
        ["complexity"] = 1,
        ["verbosity"] = 2,
        ["helpfulness"] = helpfulness,
    };
}

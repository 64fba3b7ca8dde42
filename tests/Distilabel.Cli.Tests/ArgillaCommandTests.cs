using System.Text.Json.Nodes;
using Distilabel.Argilla;
using Distilabel.Data;
using Distilabel.Testing.Argilla;

namespace Distilabel.Cli.Tests;

/// <summary>push-to-argilla and pull-from-argilla, run as a user would, against the loopback Argilla.</summary>
public sealed class ArgillaCommandTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("distilabel-cli-argilla-").FullName;
    private FakeArgilla _argilla = null!;

    public async Task InitializeAsync() => _argilla = await FakeArgilla.StartAsync();

    public async Task DisposeAsync()
    {
        await _argilla.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Push_review_pull_prints_the_agreement_table_and_writes_the_human_columns_and_the_report()
    {
        var input = await LabelledFileAsync();
        string[] push = ["push-to-argilla", "--input", input, "--task", "helpsteer", "--dataset", "HelpSteer-AIF", "--workspace", "admin"];

        var pushed = await CliRunner.RunAsync(push, Env());
        Assert.True(pushed.ExitCode == 0, pushed.All);
        Assert.Contains("Pushed to Argilla", pushed.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, _argilla.RecordCount("HelpSteer-AIF"));

        // Again: stops with one line that names the dataset and the way out.
        var again = await CliRunner.RunAsync(push, Env());
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(
            "error: Argilla dataset 'HelpSteer-AIF' already exists in workspace 'admin'. Pass --if-exists update to update it (records are matched by their inputs, never duplicated), or choose another --dataset.",
            again.StdErr.Trim());
        var updated = await CliRunner.RunAsync([.. push, "--if-exists", "update"], Env());
        Assert.True(updated.ExitCode == 0, updated.All);
        Assert.Equal(3, _argilla.RecordCount("HelpSteer-AIF"));

        // Two reviewers answer (Argilla's 1–5); the third record stays unanswered.
        await ReviewAsync();

        var output = Path.Combine(_dir, "reviewed.parquet");
        var report = Path.Combine(_dir, "agreement.json");
        var pulled = await CliRunner.RunAsync(["pull-from-argilla", "--dataset", "HelpSteer-AIF", "--workspace", "admin", "--output", output, "--report-json", report], Env());
        Assert.True(pulled.ExitCode == 0, pulled.All);
        Assert.Contains("Wrote 3 records of task 'helpsteer' to", pulled.StdOut, StringComparison.Ordinal);
        Assert.Contains("2 answered by reviewers.", pulled.StdOut, StringComparison.Ordinal);
        Assert.Contains("AI vs. human agreement (helpsteer)", pulled.StdOut, StringComparison.Ordinal);
        Assert.Contains("Spearman ρ", pulled.StdOut, StringComparison.Ordinal);
        Assert.Contains("coherence: no ρ, the AI gives the same value to every pair", pulled.StdOut, StringComparison.Ordinal);

        var rows = await DatasetFiles.ReadAsync(output).ToListAsync();
        Assert.Equal(3, rows.Count);
        Assert.Equal((4L, 4L, 2L), (rows[0]["correctness"], rows[0]["correctness_human"], rows[0]["correctness_human_count"]));
        Assert.Null(rows[2]["correctness_human"]);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(report))!;
        Assert.Equal("helpsteer", (string?)json["task"]);
        var correctness = json["ratings"]!.AsArray().Single(r => (string?)r!["output"] == "correctness")!;
        Assert.Equal(2, (int)correctness["pairs"]!);
        // Record 0: AI 4, reviewers 5 and 5 (task 4). Record 1: AI 1, reviewers 3 and 2 (task 2 and 1): a tie, the lower 1 wins.
        Assert.Equal(1.0, (double)correctness["exact_agreement"]!);
        Assert.Equal(1L, rows[1]["correctness_human"]);
    }

    [Fact]
    public async Task The_READMEs_push_and_pull_commands_work_as_written()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Distilabel.Testing.SharedFiles.RepoRoot, "README.md"));
        const string prefix = "dotnet run --project src/Distilabel.Cli -- ";
        var push = readme.Split('\n').Single(l => l.StartsWith(prefix + "push-to-argilla ", StringComparison.Ordinal))[prefix.Length..].Split(' ').ToList();
        var pull = readme.Split('\n').Single(l => l.StartsWith(prefix + "pull-from-argilla ", StringComparison.Ordinal))[prefix.Length..].Split(' ').ToList();
        push[push.IndexOf("--input") + 1] = await LabelledFileAsync();
        pull[pull.IndexOf("--output") + 1] = Path.Combine(_dir, "reviewed.parquet");
        pull[pull.IndexOf("--report-json") + 1] = Path.Combine(_dir, "agreement.json");

        var pushed = await CliRunner.RunAsync(push, Env());
        Assert.True(pushed.ExitCode == 0, pushed.All);
        await ReviewAsync();
        var pulled = await CliRunner.RunAsync(pull, Env());
        Assert.True(pulled.ExitCode == 0, pulled.All);
        Assert.Contains("AI vs. human agreement", pulled.StdOut, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "agreement.json")));
    }

    [Fact]
    public async Task Missing_or_rejected_keys_and_missing_datasets_are_one_line_errors_without_the_key()
    {
        var input = await LabelledFileAsync();
        string[] push = ["push-to-argilla", "--input", input, "--task", "helpsteer", "--dataset", "d", "--workspace", "admin"];

        var noKey = await CliRunner.RunAsync(push, Env(key: null));
        Assert.Equal(2, noKey.ExitCode);
        Assert.Equal("error: No Argilla API key: set ARGILLA_API_KEY (the key is read from the environment, never from the command line).", noKey.StdErr.Trim());

        var wrongKey = await CliRunner.RunAsync(push, Env(key: "wrong-secret-987"));
        Assert.Equal(2, wrongKey.ExitCode);
        Assert.StartsWith("error: Argilla answered 401 Unauthorized while checking the API key: Could not validate credentials.", wrongKey.StdErr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-987", wrongKey.All, StringComparison.Ordinal);
        Assert.Single(wrongKey.StdErr.Trim().Split('\n'));

        var noDataset = await CliRunner.RunAsync(["pull-from-argilla", "--dataset", "nope", "--workspace", "admin", "--output", Path.Combine(_dir, "x.jsonl")], Env());
        Assert.Equal(2, noDataset.ExitCode);
        Assert.Equal("error: Argilla has no dataset 'nope' in workspace 'admin'.", noDataset.StdErr.Trim());
        Assert.False(File.Exists(Path.Combine(_dir, "x.jsonl")));

        var badTask = await CliRunner.RunAsync([.. push[..4], "nope", .. push[5..]], Env());
        Assert.Equal(2, badTask.ExitCode);
        Assert.StartsWith("error: --task: unknown task 'nope'.", badTask.StdErr.Trim(), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Env(string? key = FakeArgilla.OwnerApiKey) => new()
    {
        ["ARGILLA_API_URL"] = _argilla.ApiUrl,
        ["ARGILLA_API_KEY"] = key,
    };

    private async Task<string> LabelledFileAsync()
    {
        var path = Path.Combine(_dir, "labelled.jsonl");
        var rows = new[] { (4L, 0L), (1L, 2L), (0L, 3L) }.Select((r, i) => new Dictionary<string, object?>
        {
            ["prompt"] = $"prompt {i}",
            ["response"] = $"response {i}",
            ["correctness"] = r.Item1,
            ["coherence"] = 4L,
            ["complexity"] = 1L,
            ["verbosity"] = 2L,
            ["helpfulness"] = r.Item2,
            ["labelling_model"] = "scripted-model",
            ["raw_labelling_response"] = "…",
            ["labelling_error"] = null,
        });
        await DatasetFiles.WriteAsync(path, rows);
        return path;
    }

    private async Task ReviewAsync()
    {
        using var owner = new ArgillaClient(new ArgillaClientOptions { ApiUrl = _argilla.ApiUrl, ApiKey = FakeArgilla.OwnerApiKey });
        var records = await owner.ReadRecordsAsync((await owner.FindDatasetAsync("HelpSteer-AIF", "admin"))!).ToListAsync();
        foreach (var (name, correctness) in new[] { ("alice", new[] { 5, 3 }), ("bob", new[] { 5, 2 }) })
        {
            var user = _argilla.AddUser(name, "annotator", "admin");
            using var reviewer = new ArgillaClient(new ArgillaClientOptions { ApiUrl = _argilla.ApiUrl, ApiKey = user.ApiKey });
            for (var i = 0; i < 2; i++)
            {
                await reviewer.SubmitResponseAsync(records[i].Id, new Dictionary<string, object>
                {
                    ["correctness"] = correctness[i], ["coherence"] = 5, ["complexity"] = 2, ["verbosity"] = 3, ["helpfulness"] = 2,
                });
            }
        }
    }
}

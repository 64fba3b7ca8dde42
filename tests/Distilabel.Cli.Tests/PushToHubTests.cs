using System.Text;
using Distilabel.Cli.Tests.Durability;
using Distilabel.Data;
using Distilabel.Testing.Hub;
using CliCommands = Distilabel.Cli.Tests.Durability.Cli;

namespace Distilabel.Cli.Tests;

/// <summary><c>label</c> records its run facts; <c>push-to-hub</c> uploads the file with a card written from them.</summary>
public sealed class PushToHubTests : IAsyncLifetime
{
    private const string Token = "hf_test_write_token";
    private readonly string _folder = CliCommands.NewFolder("push");
    private FakeHub _hub = null!;
    private RowServer _server = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _hub.AddToken(Token);
        _server = await RowServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("labelled.parquet")]
    [InlineData("labelled.jsonl")]
    public async Task Labelled_data_is_pushed_with_a_card_written_from_its_run_facts(string name)
    {
        var input = RowServer.WriteInput(_folder, 6);
        var output = Path.Combine(_folder, name);
        var label = await CliCommands.RunAsync(CliCommands.Label(_server, input, output));
        Assert.True(label.ExitCode == 0, label.All);

        var facts = await RunFacts.ReadAsync(output);
        Assert.NotNull(facts);
        Assert.Equal(("helpsteer", "judge-model", 6L, 0L), (facts.Task, facts.Model, facts.Rows, facts.Failed));
        Assert.Equal(name.EndsWith(".jsonl", StringComparison.Ordinal), File.Exists(RunFacts.SidecarPath(output)));

        var environment = CliCommands.Environment();
        environment["HF_ENDPOINT"] = _hub.Endpoint;
        environment["HF_TOKEN"] = Token;
        var push = await CliRunner.RunAsync(["push-to-hub", "--input", output, "--repo", "tester/helpsteer-aif", "--license", "cc-by-4.0", "--commit-message", "First labels"], environment);

        Assert.True(push.ExitCode == 0, push.All);
        Assert.Contains("Pushed 6 rows", push.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, push.All, StringComparison.Ordinal);
        var repo = _hub.Dataset("tester/helpsteer-aif")!;
        Assert.True(repo.IsPrivate);
        Assert.Contains("First labels", repo.CommitSummaries);
        var files = repo.Files();
        Assert.Contains("data/train-00000-of-00001.parquet", files.Keys);
        var card = Encoding.UTF8.GetString(files["README.md"]);
        Assert.StartsWith("---\nlicense: cc-by-4.0\n", card, StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "- synthetic\n", "- distilabel\n", "- ai-feedback\n", "task_categories:", "path: data/train-*", "- name: 'raw_labelling_response'",
            "Task: `helpsteer`", "Model: `judge-model`", "6 labelled, 0 failed", "| `helpfulness` | rating | 0–4 |", "max_new_tokens = `128`",
            "load_dataset(\"tester/helpsteer-aif\", split=\"train\")", "`correctness`:",
        })
        {
            Assert.Contains(expected, card, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("](http", card, StringComparison.Ordinal); // no placeholder links
        // Rows 0..5 rate correctness row % 5: 0, 1, 2, 3, 4, 0.
        Assert.Contains("| 0 | 2 |", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_without_a_token_fails_with_one_line()
    {
        var input = RowServer.WriteInput(_folder, 2);
        var environment = CliCommands.Environment();
        environment["HF_ENDPOINT"] = _hub.Endpoint;
        environment["HF_TOKEN"] = "";
        environment["HF_HOME"] = _folder;
        var push = await CliRunner.RunAsync(["push-to-hub", "--input", input, "--repo", "tester/x"], environment);

        Assert.Equal(2, push.ExitCode);
        Assert.Contains("needs a Hugging Face token with write access", Assert.Single(CliCommands.ErrorLines(push)), StringComparison.Ordinal);
    }
}

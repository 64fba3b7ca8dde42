using Distilabel.Cli.Tests.Durability;
using CliCommands = Distilabel.Cli.Tests.Durability.Cli;
using Distilabel.Data;
using Distilabel.Testing.Hub;

namespace Distilabel.Cli.Tests;

/// <summary><c>label --input hf://datasets/…</c> against the loopback fake Hub: slices across shards, a token, the
/// cache and HF_HUB_OFFLINE, column surgery, and the one-line errors.</summary>
public sealed class HubInputTests : IAsyncLifetime
{
    private const string Token = "hf_test_read_token";
    private readonly string _folder = CliCommands.NewFolder("hub-input");
    private FakeHub _hub = null!;
    private RowServer _server = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _hub.AddToken(Token, canWrite: false);
        var repo = _hub.AddDataset("org/helpsteer", isPrivate: true);
        // Two shards of 10 rows each; the slice [5:15] spans both.
        repo.AddParquetConversion("default", "train", await ShardAsync(0, 10), await ShardAsync(10, 10));
        _server = await RowServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_slice_across_shards_is_labelled_with_column_surgery_and_types_kept_then_read_offline_from_the_cache()
    {
        var output = Path.Combine(_folder, "out.parquet");
        var result = await RunAsync(output, Environment(), "--split", "train[5:15]", "--drop-columns", "helpfulness,grade", "--rename-column", "question=prompt");

        Assert.True(result.ExitCode == 0, result.All);
        var rows = await DatasetFiles.ReadAsync(output).ToListAsync();
        Assert.Equal(Enumerable.Range(5, 10).Select(i => (object?)(long)i), rows.Select(r => r["id"]));
        Assert.All(rows, r => Assert.False(r.ContainsKey("grade") || r.ContainsKey("question"))); // helpfulness comes back as the task's output
        Assert.Equal(RowServer.AnswerFor(5), rows[0]["raw_labelling_response"]);
        var schema = await ParquetSourceSchema.ReadAsync(output);
        Assert.Equal(typeof(int), ((Parquet.Schema.DataField)schema.Find("id")!).ClrType);
        Assert.All(_hub.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
        Assert.DoesNotContain(Token, result.All, StringComparison.Ordinal);

        // Offline: the same selection comes from the cache without a single request.
        var before = _hub.Requests.Count;
        var offline = Environment();
        offline["HF_HUB_OFFLINE"] = "1";
        var again = await RunAsync(Path.Combine(_folder, "again.parquet"), offline, "--split", "train[5:15]", "--drop-columns", "helpfulness,grade", "--rename-column", "question=prompt");
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(before, _hub.Requests.Count);
    }

    [Fact]
    public async Task Each_shard_is_downloaded_once_per_run()
    {
        var result = await RunAsync(Path.Combine(_folder, "all.jsonl"), Environment(), "--drop-columns", "helpfulness,grade", "--rename-column", "question=prompt");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(20, RowServer.ReadOutput(Path.Combine(_folder, "all.jsonl")).Count);
        var downloads = _hub.Requests.Where(r => r.Target.Contains("/resolve/", StringComparison.Ordinal) && r.Status == 200).Select(r => r.Target).ToList();
        Assert.Equal(2, downloads.Count);
        Assert.Equal(2, downloads.Distinct().Count());
    }

    [Theory]
    [InlineData("hf://datasets/org/missing", "", "'org/missing'")]
    [InlineData("hf://datasets/org/helpsteer", "no-token", "'org/helpsteer'")]
    [InlineData("hf://datasets/org/helpsteer", "unknown-column", "--drop-columns names the column 'nope'")]
    [InlineData("hf://datasets/org/helpsteer", "offline-miss", "HF_HUB_OFFLINE is set")]
    public async Task Bad_inputs_fail_fast_with_one_line_naming_them(string input, string variant, string expected)
    {
        var environment = Environment();
        if (variant == "no-token")
            environment["HF_TOKEN"] = "";
        if (variant == "offline-miss")
            environment["HF_HUB_OFFLINE"] = "1";
        var extra = variant == "unknown-column" ? new[] { "--drop-columns", "nope" } : [];
        var result = await CliRunner.RunAsync(CliCommands.Label(_server, input, Path.Combine(_folder, "x.jsonl"), 4, extra), environment, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 2, result.All);
        var line = Assert.Single(CliCommands.ErrorLines(result));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        if (variant == "unknown-column")
            Assert.Contains("columns: id, question, response, helpfulness, grade", line, StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests);
    }

    private Dictionary<string, string?> Environment()
    {
        var environment = CliCommands.Environment();
        environment["HF_ENDPOINT"] = _hub.Endpoint;
        environment["HF_TOKEN"] = Token;
        environment["HF_HOME"] = Path.Combine(_folder, "hf-home");
        return environment;
    }

    private Task<CliRunner.Result> RunAsync(string output, Dictionary<string, string?> environment, params string[] extra)
        => CliRunner.RunAsync(CliCommands.Label(_server, "hf://datasets/org/helpsteer", output, 4, extra), environment, TimeSpan.FromMinutes(2));

    private static async Task<byte[]> ShardAsync(int first, int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hub-shard-{Guid.NewGuid():N}.parquet");
        try
        {
            var options = new DatasetWriteOptions
            {
                RowGroupSize = 4,
                Schema = [DatasetColumn.Int32("id"), DatasetColumn.String("question"), DatasetColumn.String("response"), DatasetColumn.Int32("helpfulness"), DatasetColumn.Double("grade")],
            };
            await DatasetFiles.WriteAsync(path, Enumerable.Range(first, count).Select(i => new Row
            {
                ["id"] = (long)i, ["question"] = $"question {i}", ["response"] = $"answer {i}", ["helpfulness"] = 3L, ["grade"] = 0.5,
            }), options);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

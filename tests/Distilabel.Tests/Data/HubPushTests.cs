using System.Net;
using System.Text;
using Distilabel.Data;
using Distilabel.Data.Hub;
using Distilabel.Testing.Hub;

namespace Distilabel.Tests.Data;

[Collection(HubCollection.Name)]
public sealed class HubPushTests : IAsyncLifetime
{
    private const string Token = "hf_write_secret_token_1234567890";
    private const string ReadOnlyToken = "hf_read_only_token_0987654321";
    private FakeHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _hub.AddToken(Token);
        _hub.AddToken(ReadOnlyToken, canWrite: false);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubPushOptions Options => new() { Endpoint = _hub.Endpoint, Token = Token };

    private static IAsyncEnumerable<Row> Labelled(int count) => Enumerable.Range(0, count).Select(i => new Row
    {
        ["prompt"] = $"Prompt {i}: ünïcode",
        ["response"] = $"Response {i}",
        ["helpfulness"] = i % 3 == 0 ? null : (long)(i % 5),
        ["generations"] = new[] { $"g{i}a", $"g{i}b" },
    }).ToAsyncEnumerable();

    [Fact]
    public async Task Push_creates_a_private_repo_uploads_parquet_through_lfs_and_loads_back()
    {
        var info = await HubDatasets.PushAsync(Labelled(25), "tester/helpsteer-aif", "train", Options);

        Assert.True(info.Created);
        Assert.Equal(25, info.Rows);
        Assert.Equal("data/train-00000-of-00001.parquet", info.PathInRepo);
        Assert.Equal(40, info.CommitOid.Length);
        Assert.Equal($"{_hub.Endpoint}/datasets/tester/helpsteer-aif/commit/{info.CommitOid}", info.CommitUrl!.ToString());

        var repo = _hub.Dataset("tester/helpsteer-aif")!;
        Assert.True(repo.IsPrivate);
        Assert.Equal([".gitattributes", "README.md", "data/train-00000-of-00001.parquet"], repo.Files().Keys.Order(StringComparer.Ordinal));
        Assert.Contains("HubDatasets.LoadAsync(\"tester/helpsteer-aif\", \"train\")", Encoding.UTF8.GetString(repo.Files()["README.md"]), StringComparison.Ordinal);
        Assert.Equal(["Upload train split with Distilabel.NET"], repo.CommitSummaries);

        var targets = _hub.Requests.Select(r => $"{r.Method} {r.Target}").ToList();
        Assert.Equal(
            [
                "POST /api/repos/create",
                "POST /api/datasets/tester/helpsteer-aif/preupload/main",
                "POST /datasets/tester/helpsteer-aif.git/info/lfs/objects/batch",
                $"PUT /lfs-upload/{targets[3].Split('/')[^1]}",
                $"POST /lfs-verify/{targets[3].Split('/')[^1]}",
                "POST /api/datasets/tester/helpsteer-aif/commit/main",
            ],
            targets);
        Assert.Null(_hub.Requests[3].Authorization); // presigned upload URL: no token
        Assert.True(_hub.HasLfsObject(targets[3].Split('/')[^1]));

        var back = await HubDatasets.LoadAsync("tester/helpsteer-aif", "train", new HubOptions { Endpoint = _hub.Endpoint, Token = Token }).ToListAsync();
        RowAssert.Equal(await Labelled(25).ToListAsync(), back);
    }

    [Fact]
    public async Task Push_to_an_existing_repo_replaces_the_splits_old_shards_only()
    {
        var repo = _hub.AddDataset("tester/existing", isPrivate: false);
        repo.AddFile("data/train-00000-of-00002.parquet", await HubTestData.ParquetAsync(0, 3));
        repo.AddFile("data/train-00001-of-00002.parquet", await HubTestData.ParquetAsync(3, 3));
        repo.AddFile("data/test-00000-of-00001.parquet", await HubTestData.ParquetAsync(9, 3));
        repo.AddFile("README.md", "# kept"u8.ToArray());

        var info = await HubDatasets.PushAsync(Labelled(4), "tester/existing", "train", Options with { CommitMessage = "Relabel" });

        Assert.False(info.Created);
        Assert.False(repo.IsPrivate);
        Assert.Equal(
            [".gitattributes", "README.md", "data/test-00000-of-00001.parquet", "data/train-00000-of-00001.parquet"],
            repo.Files().Keys.Order(StringComparer.Ordinal));
        Assert.Equal("# kept", Encoding.UTF8.GetString(repo.Files()["README.md"]));
        Assert.Equal(["Relabel"], repo.CommitSummaries);
        var splits = await HubDatasets.ListSplitsAsync("tester/existing", new HubOptions { Endpoint = _hub.Endpoint, Token = "" });
        Assert.Equal(["test", "train"], splits["default"].Order());
        Assert.Equal(4, await HubDatasets.LoadAsync("tester/existing", "train", new HubOptions { Endpoint = _hub.Endpoint, Token = "" }).CountAsync());
    }

    [Fact]
    public async Task Push_uses_multipart_uploads_when_the_hub_asks()
    {
        _hub.MultipartChunkSize = 1024;

        var info = await HubDatasets.PushAsync(Labelled(200), "tester/multipart", "validation", Options);

        var parts = _hub.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.True(parts.Count > 1, "the file should be sent in several parts");
        Assert.All(parts, p => Assert.Matches("^/lfs-upload/[0-9a-f]{64}/[0-9]+$", p.Target));
        Assert.Contains(_hub.Requests, r => r.Method == "POST" && r.Target.StartsWith("/lfs-complete/", StringComparison.Ordinal) && r.Status == 200);
        Assert.Equal("data/validation-00000-of-00001.parquet", info.PathInRepo);
        Assert.Equal(200, await HubDatasets.LoadAsync("tester/multipart", "validation", new HubOptions { Endpoint = _hub.Endpoint, Token = Token }).CountAsync());
    }

    [Fact]
    public async Task Push_needs_a_write_token()
    {
        var none = await Assert.ThrowsAsync<HubException>(() => HubDatasets.PushAsync(Labelled(1), "tester/x", "train", Options with { Token = "" }));
        var readOnly = await Assert.ThrowsAsync<HubException>(() => HubDatasets.PushAsync(Labelled(1), "tester/x", "train", Options with { Token = ReadOnlyToken }));

        Assert.Contains("needs a Hugging Face token with write access: set HF_TOKEN", none.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Contains("a write token for uploads", readOnly.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ReadOnlyToken, readOnly.ToString(), StringComparison.Ordinal);
        Assert.Null(_hub.Dataset("tester/x"));
    }

    [Fact]
    public async Task Push_of_rows_that_fail_uploads_nothing()
    {
        static async IAsyncEnumerable<Row> Failing()
        {
            yield return new Row { ["a"] = "1" };
            await Task.Yield();
            throw new InvalidOperationException("generation failed");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => HubDatasets.PushAsync(Failing(), "tester/failing", "train", Options));

        Assert.Empty(_hub.Requests);
    }
}

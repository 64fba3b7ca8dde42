using System.Net;
using Distilabel.Data;
using Distilabel.Data.Hub;
using Distilabel.Testing.Hub;

namespace Distilabel.Tests.Data;

[Collection(HubCollection.Name)]
public sealed class HubDatasetsTests : IAsyncLifetime
{
    private const string Token = "hf_test_secret_token_1234567890";
    private const string ReadOnlyToken = "hf_read_only_token_0987654321";
    private FakeHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _hub.AddToken(Token);
        _hub.AddToken(ReadOnlyToken, canWrite: false);
        var helpSteer = _hub.AddDataset("nvidia/HelpSteer");
        // train: 3 shards of 40 rows (row groups of 10); validation: 1 shard of 15 rows.
        helpSteer.AddParquetConversion("default", "train", await HubTestData.ParquetAsync(0, 40), await HubTestData.ParquetAsync(40, 40), await HubTestData.ParquetAsync(80, 40));
        helpSteer.AddParquetConversion("default", "validation", await HubTestData.ParquetAsync(1000, 15));
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubOptions Anonymous => new() { Endpoint = _hub.Endpoint, Token = "" };

    private HubOptions WithToken => new() { Endpoint = _hub.Endpoint, Token = Token };

    private static async Task<List<int>> IdsAsync(IAsyncEnumerable<Row> rows) => (await rows.ToListAsync()).Select(HubTestData.IdOf).ToList();

    [Fact]
    public async Task Loads_the_walkthrough_slice_and_stops_after_it()
    {
        var rows = await HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:50]", Anonymous)
            .RemoveColumns(HubTestData.Ratings)
            .ToListAsync();

        Assert.Equal(50, rows.Count);
        Assert.Equal(Enumerable.Range(0, 50), rows.Select(HubTestData.IdOf));
        Assert.All(rows, r => Assert.Equal(["prompt", "response"], r.Columns));
        var expected = HubTestData.HelpSteerRow(7);
        RowAssert.Equal(new Row { ["prompt"] = expected["prompt"], ["response"] = expected["response"] }, rows[7]);

        var requests = _hub.Requests.Select(r => r.Target).ToList();
        Assert.Contains("/api/datasets/nvidia/HelpSteer/parquet", requests);
        Assert.Contains("/api/datasets/nvidia/HelpSteer/parquet/default/train/0.parquet", requests);
        Assert.Contains("/datasets/nvidia/HelpSteer/resolve/refs%2Fconvert%2Fparquet/default/train/0001.parquet", requests);
        Assert.DoesNotContain(requests, r => r.Contains("train/2.parquet", StringComparison.Ordinal) || r.Contains("0002.parquet", StringComparison.Ordinal));
        Assert.All(_hub.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Ratings_come_back_as_long_values()
    {
        var row = await HubDatasets.LoadAsync("nvidia/HelpSteer", "validation[:1]", Anonymous).SingleAsync();

        RowAssert.Equal(HubTestData.HelpSteerRow(1000), row);
    }

    [Theory]
    [InlineData("train", 0, 120)]
    [InlineData("train[10:20]", 10, 10)]
    [InlineData("train[35:45]", 35, 10)]
    [InlineData("train[-5:]", 115, 5)]
    [InlineData("train[:10%]", 0, 12)]
    [InlineData("train[50%:]", 60, 60)]
    [InlineData("train[110:500]", 110, 10)]
    [InlineData("train[30:10]", 0, 0)]
    public async Task Slices_select_the_rows_datasets_would(string split, int first, int count)
    {
        var ids = await IdsAsync(HubDatasets.LoadAsync("nvidia/HelpSteer", split, Anonymous));

        Assert.Equal(Enumerable.Range(first, count), ids);
    }

    [Fact]
    public async Task Concatenated_slices_and_column_projection()
    {
        var rows = await HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:2]+validation[:2]", Anonymous with { Columns = ["prompt", "helpfulness"] }).ToListAsync();

        Assert.Equal([0, 1, 1000, 1001], rows.Select(HubTestData.IdOf));
        Assert.All(rows, r => Assert.Equal(["prompt", "helpfulness"], r.Columns));
    }

    [Fact]
    public async Task Unknown_split_lists_the_available_ones()
    {
        var error = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("nvidia/HelpSteer", "test[:10]", Anonymous).ToListAsync().AsTask());

        Assert.Equal("Split 'test' not found in dataset 'nvidia/HelpSteer' (config 'default'); available splits: train, validation.", error.Message);
        Assert.Equal("SplitNotFound", error.ErrorCode);
        Assert.Equal(["default"], (await HubDatasets.ListSplitsAsync("nvidia/HelpSteer", Anonymous)).Keys);
    }

    [Fact]
    public void Bad_split_syntax_fails_at_once()
    {
        var error = Assert.Throws<FormatException>(() => HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:1000", Anonymous));

        Assert.Contains("train[:1000]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => HubDatasets.LoadAsync("not a repo id!", "train", Anonymous));
    }

    [Fact]
    public async Task Missing_dataset_says_so_and_suggests_a_token_when_anonymous()
    {
        var anonymous = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("nvidia/HelpStear", "train", Anonymous).ToListAsync().AsTask());
        var authenticated = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("nvidia/HelpStear", "train", WithToken).ToListAsync().AsTask());

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("'nvidia/HelpStear' was not found, or it is private or gated", anonymous.Message, StringComparison.Ordinal);
        Assert.Contains("set HF_TOKEN", anonymous.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, authenticated.StatusCode);
        Assert.Equal("RepoNotFound", authenticated.ErrorCode);
        Assert.StartsWith("Dataset 'nvidia/HelpStear' was not found on http://127.0.0.1:", authenticated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, authenticated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_dataset_without_conversion_is_read_from_its_own_files_with_the_token()
    {
        var repo = _hub.AddDataset("acme/private-labels", isPrivate: true);
        repo.AddFile("data/train-00000-of-00002.parquet", await HubTestData.ParquetAsync(0, 20));
        repo.AddFile("data/train-00001-of-00002.parquet", await HubTestData.ParquetAsync(20, 20));
        repo.AddFile("data/test-00000-of-00001.parquet", await HubTestData.ParquetAsync(500, 5));
        repo.AddFile("README.md", "# private"u8.ToArray());
        _hub.TreePageSize = 2; // Exercise Link pagination.

        var ids = await IdsAsync(HubDatasets.LoadAsync("acme/private-labels", "train[15:25]", WithToken));
        var error = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("acme/private-labels", "train", Anonymous).ToListAsync().AsTask());

        Assert.Equal(Enumerable.Range(15, 10), ids);
        Assert.Contains(_hub.Requests, r => r.Target.Contains("/tree/main?recursive=true", StringComparison.Ordinal));
        Assert.Contains(_hub.Requests, r => r.Target.Contains("cursor=", StringComparison.Ordinal));
        Assert.All(_hub.Requests.Where(r => r.Target.Contains("private-labels", StringComparison.Ordinal) && r.Authorization is not null), r => Assert.Equal("Bearer " + Token, r.Authorization));
        Assert.Contains("set HF_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Equal(["test", "train"], (await HubDatasets.ListSplitsAsync("acme/private-labels", WithToken))["default"].Order());
    }

    [Fact]
    public async Task Gated_dataset_explains_how_to_get_access()
    {
        var repo = _hub.AddDataset("meta/gated", gated: true);
        repo.AddParquetConversion("default", "train", await HubTestData.ParquetAsync(0, 3));

        var anonymous = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("meta/gated", "train", Anonymous).ToListAsync().AsTask());
        var notGranted = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("meta/gated", "train", WithToken).ToListAsync().AsTask());
        repo.GrantedTokens.Add(Token);
        var rows = await HubDatasets.LoadAsync("meta/gated", "train", WithToken).ToListAsync();

        Assert.Equal("GatedRepo", anonymous.ErrorCode);
        Assert.Contains("is gated (401; no token was sent)", anonymous.Message, StringComparison.Ordinal);
        Assert.Contains("set HF_TOKEN", anonymous.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, notGranted.StatusCode);
        Assert.Contains("accept its conditions on http://127.0.0.1:", notGranted.Message, StringComparison.Ordinal);
        Assert.Contains("the token from HubOptions.Token was sent", notGranted.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, notGranted.Message, StringComparison.Ordinal);
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task Invalid_token_is_reported_without_showing_it()
    {
        var error = await Assert.ThrowsAsync<HubException>(
            () => HubDatasets.LoadAsync("nvidia/HelpSteer", "train", Anonymous with { Token = "hf_wrong_token_abcdef" }).ToListAsync().AsTask());

        Assert.Contains("rejected the token from HubOptions.Token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hf_wrong_token_abcdef", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_is_not_sent_to_another_host_on_redirect()
    {
        var repo = _hub.AddDataset("acme/cdn", isPrivate: true);
        repo.AddFile("data/train-00000-of-00001.parquet", await HubTestData.ParquetAsync(0, 5));
        _hub.RedirectLfsDownloadsToOtherHost = true;

        var rows = await HubDatasets.LoadAsync("acme/cdn", "train", WithToken).ToListAsync();

        Assert.Equal(5, rows.Count);
        var blob = Assert.Single(_hub.Requests, r => r.Target.StartsWith("/lfs-blob/", StringComparison.Ordinal));
        Assert.StartsWith("localhost:", blob.Host, StringComparison.Ordinal);
        Assert.Null(blob.Authorization);
        Assert.NotNull(Assert.Single(_hub.Requests, r => r.Target.Contains("/resolve/main/", StringComparison.Ordinal)).Authorization);
    }

    [Fact]
    public async Task Revision_option_reads_that_revision()
    {
        var repo = _hub.Dataset("nvidia/HelpSteer")!;
        repo.AddFile("data/train-00000-of-00001.parquet", await HubTestData.ParquetAsync(700, 4), revision: "v1.0");

        var ids = await IdsAsync(HubDatasets.LoadAsync("nvidia/HelpSteer", "train", Anonymous with { Revision = "v1.0" }));
        var missing = await Assert.ThrowsAsync<HubException>(
            () => HubDatasets.LoadAsync("nvidia/HelpSteer", "train", Anonymous with { Revision = "v9" }).ToListAsync().AsTask());

        Assert.Equal([700, 701, 702, 703], ids);
        Assert.Equal("RevisionNotFound", missing.ErrorCode);
        Assert.Contains("HubOptions.Revision", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_hub_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<HubException>(
            () => HubDatasets.LoadAsync("nvidia/HelpSteer", "train", new HubOptions { Endpoint = "http://127.0.0.1:1", Token = Token }).ToListAsync().AsTask());

        Assert.StartsWith("Cannot reach the Hugging Face Hub at http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("HF_ENDPOINT", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_and_token_come_from_HF_ENDPOINT_and_HF_TOKEN()
    {
        _hub.AddDataset("acme/env", isPrivate: true).AddFile("data/train-00000-of-00001.parquet", await HubTestData.ParquetAsync(0, 2));
        var endpoint = Environment.GetEnvironmentVariable("HF_ENDPOINT");
        var token = Environment.GetEnvironmentVariable("HF_TOKEN");
        try
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", _hub.Endpoint);
            Environment.SetEnvironmentVariable("HF_TOKEN", Token);

            var rows = await HubDatasets.LoadAsync("acme/env").ToListAsync();

            Assert.Equal(2, rows.Count);
            Assert.Contains(_hub.Requests, r => r.Authorization == "Bearer " + Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", endpoint);
            Environment.SetEnvironmentVariable("HF_TOKEN", token);
        }
    }

    [Fact]
    public async Task Cache_revalidates_with_the_etag()
    {
        using var dir = new TempDirectory();
        var options = Anonymous with { CacheDirectory = dir.Path };

        var first = await IdsAsync(HubDatasets.LoadAsync("nvidia/HelpSteer", "validation", options));
        var second = await IdsAsync(HubDatasets.LoadAsync("nvidia/HelpSteer", "validation", options));
        _hub.Dataset("nvidia/HelpSteer")!.AddParquetConversion("default", "validation", await HubTestData.ParquetAsync(2000, 3));
        var third = await IdsAsync(HubDatasets.LoadAsync("nvidia/HelpSteer", "validation", options));

        Assert.Equal(first, second);
        Assert.Equal([2000, 2001, 2002], third);
        var downloads = _hub.Requests.Where(r => r.Target.Contains("/resolve/", StringComparison.Ordinal)).ToList();
        Assert.Equal([200, 304, 200], downloads.Select(r => r.Status));
        Assert.NotNull(downloads[1].IfNoneMatch);
    }

    [Fact]
    public async Task Temporary_downloads_are_deleted()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), ".distilabel-hub-*").Length;

        await HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:45]", Anonymous).ToListAsync();
        await HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:10%]", Anonymous).ToListAsync();

        Assert.True(Directory.GetFiles(Path.GetTempPath(), ".distilabel-hub-*").Length <= before);
    }

    [Fact]
    public async Task Corrupt_parquet_on_the_hub_names_the_file()
    {
        _hub.AddDataset("acme/broken").AddParquetConversion("default", "train", "not parquet at all"u8.ToArray());

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => HubDatasets.LoadAsync("acme/broken", "train", Anonymous).ToListAsync().AsTask());

        Assert.Equal("acme/broken:default/train/0.parquet", error.File);
    }

    [Fact]
    public async Task Several_configs_need_a_choice()
    {
        var repo = _hub.AddDataset("acme/multi");
        repo.AddParquetConversion("en", "train", await HubTestData.ParquetAsync(0, 2));
        repo.AddParquetConversion("fr", "train", await HubTestData.ParquetAsync(10, 3));

        var error = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("acme/multi", "train", Anonymous).ToListAsync().AsTask());
        var fr = await IdsAsync(HubDatasets.LoadAsync("acme/multi", "train", Anonymous with { Config = "fr" }));
        var unknown = await Assert.ThrowsAsync<HubException>(() => HubDatasets.LoadAsync("acme/multi", "train", Anonymous with { Config = "de" }).ToListAsync().AsTask());

        Assert.Contains("several configs (en, fr)", error.Message, StringComparison.Ordinal);
        Assert.Equal([10, 11, 12], fr);
        Assert.Contains("available configs: en, fr", unknown.Message, StringComparison.Ordinal);
    }
}

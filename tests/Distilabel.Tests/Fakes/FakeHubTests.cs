using System.Net;
using System.Text.Json;
using Distilabel.Testing.Hub;
using Distilabel.Tests.Data;

namespace Distilabel.Tests.Fakes;

/// <summary>
/// Tests of the fake itself (tests/Distilabel.Testing/Hub): it follows the spec's routes beyond what the loader uses
/// (viewer listing, per-split listing), so the loader's tests against it mean something.
/// </summary>
public sealed class FakeHubTests : IAsyncLifetime
{
    private FakeHub _hub = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _hub.AddDataset("ibm/duorc").AddParquetConversion("ParaphraseRC", "train", await HubTestData.ParquetAsync(0, 3), await HubTestData.ParquetAsync(3, 3));
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_hub.Endpoint) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Viewer_parquet_listing_matches_the_spec_shape()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("/parquet?dataset=ibm/duorc"));
        var files = json.RootElement.GetProperty("parquet_files").EnumerateArray().ToList();

        Assert.Equal(2, files.Count);
        Assert.Equal($"{_hub.Endpoint}/datasets/ibm/duorc/resolve/refs%2Fconvert%2Fparquet/ParaphraseRC/train/0000.parquet", files[0].GetProperty("url").GetString());
        Assert.Equal("0001.parquet", files[1].GetProperty("filename").GetString());
        Assert.False(json.RootElement.GetProperty("partial").GetBoolean());
        using var missing = await _http.GetAsync("/parquet");
        Assert.Equal((HttpStatusCode)422, missing.StatusCode);
        Assert.Contains("Parameter 'dataset' is required", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_parquet_routes_list_and_redirect()
    {
        using var split = JsonDocument.Parse(await _http.GetStringAsync("/api/datasets/ibm/duorc/parquet/ParaphraseRC/train"));
        using var shard = await _http.GetAsync("/api/datasets/ibm/duorc/parquet/ParaphraseRC/train/1.parquet");
        using var resolved = await _http.GetAsync(shard.Headers.Location);
        using var unencoded = await _http.GetAsync("/datasets/ibm/duorc/resolve/refs/convert/parquet/ParaphraseRC/train/0001.parquet");
        using var range = new HttpRequestMessage(HttpMethod.Get, "/datasets/ibm/duorc/resolve/refs%2Fconvert%2Fparquet/ParaphraseRC/train/0000.parquet");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 3);
        using var partial = await _http.SendAsync(range);
        using var whoami = await _http.GetAsync("/api/whoami-v2");

        Assert.Equal(2, split.RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.Found, shard.StatusCode);
        Assert.EndsWith("/resolve/refs%2Fconvert%2Fparquet/ParaphraseRC/train/0001.parquet", shard.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(await resolved.Content.ReadAsByteArrayAsync(), await unencoded.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("PAR1"u8.ToArray(), await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, whoami.StatusCode);
    }

    [Fact]
    public async Task Errors_carry_codes_and_json_bodies()
    {
        using var missingFile = await _http.GetAsync("/datasets/ibm/duorc/resolve/main/nope.parquet");
        using var missingRevision = await _http.GetAsync("/api/datasets/ibm/duorc/tree/v9");

        Assert.Equal(HttpStatusCode.NotFound, missingFile.StatusCode);
        Assert.Equal("EntryNotFound", missingFile.Headers.GetValues("X-Error-Code").Single());
        Assert.Equal("RevisionNotFound", missingRevision.Headers.GetValues("X-Error-Code").Single());
        using var body = JsonDocument.Parse(await missingFile.Content.ReadAsStringAsync());
        Assert.Equal("Entry not found", body.RootElement.GetProperty("error").GetString());
        Assert.True(missingFile.Headers.Contains("X-Request-Id"));
    }
}

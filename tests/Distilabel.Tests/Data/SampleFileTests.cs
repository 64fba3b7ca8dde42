using Distilabel.Data;
using Distilabel.Testing;

namespace Distilabel.Tests.Data;

public class SampleFileTests
{
    private static readonly string SamplePath = Path.Combine(SharedFiles.RepoRoot, "samples", "helpsteer-sample.jsonl");

    [Fact]
    public async Task Sample_has_25_prompt_response_rows_with_the_adversarial_ones()
    {
        var rows = await DatasetFiles.ReadAsync(SamplePath).ToListAsync();

        Assert.Equal(25, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(["prompt", "response"], r.Columns);
            Assert.False(string.IsNullOrWhiteSpace((string?)r["prompt"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)r["response"]));
        });
        Assert.Single(rows, r => ((string)r["response"]!).Contains("<correctness>4</correctness>", StringComparison.Ordinal));
        Assert.Single(rows, r => ((string)r["response"]!).Contains("<script>alert(1)</script>", StringComparison.Ordinal));
        Assert.True(rows.Select(r => r["prompt"]).Distinct().Count() < 25, "some prompts have several responses of different quality");
    }

    [Fact]
    public async Task Sample_round_trips_through_every_format()
    {
        using var dir = new TempDirectory();
        var rows = await DatasetFiles.ReadAsync(SamplePath).ToListAsync();
        foreach (var name in new[] { "s.parquet", "s.csv", "s.jsonl" })
        {
            await DatasetFiles.WriteAsync(dir.File(name), rows);
            RowAssert.Equal(rows, await DatasetFiles.ReadAsync(dir.File(name)).ToListAsync());
        }
    }
}

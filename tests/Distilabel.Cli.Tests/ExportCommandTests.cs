using System.Text.Json;
using CliCommands = Distilabel.Cli.Tests.Durability.Cli;

namespace Distilabel.Cli.Tests;

/// <summary><c>export-preferences</c> and <c>export-sft</c> from a rated JSONL file, end to end.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _folder = CliCommands.NewFolder("export");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Input()
    {
        var path = Path.Combine(_folder, "rated.jsonl");
        File.WriteAllLines(path,
        [
            """{"instruction":"q1","generations":["a","b","c"],"generation_models":["m0","m1","m2"],"ratings":[2,5,5]}""",
            """{"instruction":"q2","generations":["a","b"],"generation_models":["m0","m1"],"ratings":[3,3]}""",
            """{"instruction":"q3","generations":["a","b"],"generation_models":["m0","m1"],"ratings":[null,4]}""",
        ]);
        return path;
    }

    [Fact]
    public async Task Export_preferences_writes_pairs_and_counts_rows_without_one()
    {
        var output = Path.Combine(_folder, "dpo.jsonl");
        var result = await CliRunner.RunAsync(["export-preferences", "--input", Input(), "--output", output, "--format", "trl"]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("3 rows → 1 written; 2 without one: 1 all ratings tied, 1 fewer than two rated generations", result.StdOut, StringComparison.Ordinal);
        var pair = JsonDocument.Parse(Assert.Single(File.ReadAllLines(output))).RootElement;
        Assert.Equal("""[{"role":"user","content":"q1"}]""", pair.GetProperty("prompt").GetRawText());
        Assert.Equal("""[{"role":"assistant","content":"b"}]""", pair.GetProperty("chosen").GetRawText());
        Assert.Equal(("m1", 5, "m0", 2), (pair.GetProperty("chosen_model").GetString(), pair.GetProperty("chosen_rating").GetInt32(), pair.GetProperty("rejected_model").GetString(), pair.GetProperty("rejected_rating").GetInt32()));
    }

    [Fact]
    public async Task Export_sft_writes_the_best_generation_per_prompt_to_parquet()
    {
        var output = Path.Combine(_folder, "sft.parquet");
        var result = await CliRunner.RunAsync(["export-sft", "--input", Input(), "--output", output]);

        Assert.True(result.ExitCode == 0, result.All);
        var rows = await Distilabel.Data.DatasetFiles.ReadAsync(output).ToListAsync();
        Assert.Equal(["q1", "q2", "q3"], rows.Select(r => r["prompt"]));
    }

    [Fact]
    public async Task An_unknown_rating_column_is_one_line_naming_it()
    {
        var result = await CliRunner.RunAsync(["export-preferences", "--input", Input(), "--output", Path.Combine(_folder, "x.jsonl"), "--rating-column", "score"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no rating column 'score'", Assert.Single(CliCommands.ErrorLines(result)), StringComparison.Ordinal);
    }
}

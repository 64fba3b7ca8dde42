using Distilabel.Data;
using Distilabel.Data.Exports;

namespace Distilabel.Tests.Data.Exports;

/// <summary>Preference and SFT exports on hand-made rows: strategies, ties (the first of equal ratings), nulls, margins,
/// means, formats, grouping by prompt.</summary>
public sealed class PreferenceExportTests
{
    private static Row Rated(string instruction, string?[] generations, long?[] ratings, string? system = null)
    {
        var row = new Row
        {
            ["instruction"] = instruction,
            ["generations"] = generations,
            ["generation_models"] = generations.Select((_, i) => (string?)$"model-{i}").ToArray(),
            ["ratings"] = ratings,
        };
        if (system is not null)
            row["system_prompt"] = system;
        return row;
    }

    private static async Task<(List<Row> Rows, PreferenceExportSummary Summary)> ExportAsync(PreferenceExportOptions options, params Row[] rows)
    {
        var summary = new PreferenceExportSummary();
        var result = await PreferenceExport.ExportAsync(rows.ToAsyncEnumerable(), options, summary).ToListAsync();
        return (result, summary);
    }

    private static string Answer(object? conversation) => (string)((IReadOnlyDictionary<string, object?>)((object?[])conversation!)[^1]!)["content"]!;

    [Fact]
    public async Task Best_vs_worst_takes_the_first_of_equal_ratings_and_ignores_nulls()
    {
        var (rows, summary) = await ExportAsync(new PreferenceExportOptions(), Rated("q", ["a", "b", "c", "d", "e"], [2, 5, null, 5, 2]));

        var pair = Assert.Single(rows);
        Assert.Equal(["prompt", "prompt_id", "chosen", "chosen_model", "chosen_rating", "rejected", "rejected_model", "rejected_rating"], pair.Columns);
        Assert.Equal("q", pair["prompt"]);
        Assert.Equal("8e35c2cd3bf6641bdb0e2050b76932cbb2e6034a0ddacc1d9bea82a6ba57f7cf", pair["prompt_id"]); // sha256("q")
        Assert.Equal(("b", "model-1", 5L), (Answer(pair["chosen"]), pair["chosen_model"], pair["chosen_rating"]));
        Assert.Equal(("a", "model-0", 2L), (Answer(pair["rejected"]), pair["rejected_model"], pair["rejected_rating"]));
        Assert.Equal(1, summary.Written);
    }

    [Fact]
    public async Task Tied_rows_and_rows_with_fewer_than_two_ratings_give_no_pair_and_are_counted_by_reason()
    {
        var (rows, summary) = await ExportAsync(
            new PreferenceExportOptions(),
            Rated("tied", ["a", "b"], [3, 3]),
            Rated("one", ["a", "b"], [3, null]),
            new Row { ["instruction"] = "none", ["ratings"] = new long?[] { } },
            Rated("good", ["a", "b"], [1, 4]));

        Assert.Equal("good", Assert.Single(rows)["prompt"]);
        Assert.Equal(4, summary.Rows);
        Assert.Equal(new Dictionary<string, long> { ["all ratings tied"] = 1, ["fewer than two rated generations"] = 1, ["no generations"] = 1 }, summary.WithoutPair);
    }

    [Fact]
    public async Task Min_margin_and_all_pairs()
    {
        var row = Rated("q", ["a", "b", "c"], [1, 2, 4]);
        var (margin2, _) = await ExportAsync(new PreferenceExportOptions { Strategy = PreferenceStrategy.AllPairs, MinMargin = 2 }, row);
        Assert.Equal([("c", "a"), ("c", "b")], margin2.Select(p => (Answer(p["chosen"]), Answer(p["rejected"]))).Order().ToList());

        var (all, _) = await ExportAsync(new PreferenceExportOptions { Strategy = PreferenceStrategy.AllPairs }, row);
        Assert.Equal(3, all.Count);

        var (none, summary) = await ExportAsync(new PreferenceExportOptions { MinMargin = 5 }, row);
        Assert.Empty(none);
        Assert.Equal("no pair with a margin of at least 5", Assert.Single(summary.WithoutPair).Key);
    }

    [Fact]
    public async Task Best_vs_random_rejects_a_lower_rated_response_chosen_by_the_seed()
    {
        var rows = Enumerable.Range(0, 20).Select(i => Rated($"q{i}", ["a", "b", "c", "d"], [5, 1, 2, 5])).ToArray();
        var (first, _) = await ExportAsync(new PreferenceExportOptions { Strategy = PreferenceStrategy.BestVsRandom, Seed = 7 }, rows);
        var (again, _) = await ExportAsync(new PreferenceExportOptions { Strategy = PreferenceStrategy.BestVsRandom, Seed = 7 }, rows);

        Assert.All(first, p => Assert.Equal("a", Answer(p["chosen"])));
        Assert.All(first, p => Assert.Contains(Answer(p["rejected"]), new[] { "b", "c" }));
        Assert.Equal(2, first.Select(p => Answer(p["rejected"])).Distinct().Count());
        Assert.Equal(first.Select(p => Answer(p["rejected"])), again.Select(p => Answer(p["rejected"])));
    }

    [Fact]
    public async Task Several_rating_columns_give_the_mean_as_a_double()
    {
        var row = Rated("q", ["a", "b"], [4, 1]);
        row["other"] = new long?[] { 3, null };
        var (rows, _) = await ExportAsync(new PreferenceExportOptions { RatingColumns = ["ratings", "other"] }, row);

        var pair = Assert.Single(rows);
        Assert.Equal(3.5, pair["chosen_rating"]);
        Assert.Equal(1.0, pair["rejected_rating"]);
    }

    [Fact]
    public async Task Trl_format_has_the_explicit_prompt_and_assistant_answers()
    {
        var (rows, _) = await ExportAsync(new PreferenceExportOptions { Format = PreferenceFormat.Trl }, Rated("q", ["a", "b"], [1, 2], system: "Be brief."));

        var pair = Assert.Single(rows);
        var prompt = (object?[])pair["prompt"]!;
        Assert.Equal(["system", "user"], prompt.Select(m => ((IReadOnlyDictionary<string, object?>)m!)["role"]));
        var chosen = Assert.Single((object?[])pair["chosen"]!);
        Assert.Equal("assistant", ((IReadOnlyDictionary<string, object?>)chosen!)["role"]);
        Assert.Equal("b", Answer(pair["chosen"]));
    }

    [Fact]
    public async Task HelpSteer_shaped_rows_are_grouped_by_prompt()
    {
        Row Response(string prompt, string response, long? helpfulness) => new() { ["prompt"] = prompt, ["response"] = response, ["helpfulness"] = helpfulness };
        var options = new PreferenceExportOptions { GroupByPrompt = true, RatingColumns = ["helpfulness"] };
        var (rows, summary) = await ExportAsync(options, Response("p1", "x", 2), Response("p2", "y", 3), Response("p1", "z", 4), Response("p1", "w", null), Response("p2", "v", 3));

        var pair = Assert.Single(rows);
        Assert.Equal(("p1", "z", "x"), (pair["prompt"], Answer(pair["chosen"]), Answer(pair["rejected"])));
        Assert.Equal(2, summary.Rows);
        Assert.Equal(1, summary.WithoutPair["all ratings tied"]);
    }

    [Fact]
    public async Task Sft_takes_the_best_generation_per_prompt()
    {
        var rows = await SftExport.ExportAsync(new[] { Rated("q", ["a", "b", "c"], [1, 4, 4], system: "S"), Rated("r", ["a"], [null]) }.ToAsyncEnumerable()).ToListAsync();

        var example = Assert.Single(rows);
        Assert.Equal(["prompt", "prompt_id", "messages"], example.Columns);
        Assert.Equal(PromptId.Of("q"), example["prompt_id"]);
        Assert.Equal(["system", "user", "assistant"], ((object?[])example["messages"]!).Select(m => ((IReadOnlyDictionary<string, object?>)m!)["role"]));
        Assert.Equal("b", Answer(example["messages"]));
    }

    [Fact]
    public async Task A_missing_rating_column_is_an_error_listing_the_candidates()
    {
        var row = new Row { ["instruction"] = "q", ["generations"] = new[] { "a" }, ["scores"] = new long?[] { 1 } };
        var error = await Assert.ThrowsAsync<DatasetFormatException>(async () => await ExportAsync(new PreferenceExportOptions(), row));
        Assert.Contains("no rating column 'ratings'", error.Message, StringComparison.Ordinal);
        Assert.Contains("columns with ratings: scores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_write_to_parquet_with_conversations_as_lists_of_messages()
    {
        using var folder = new TempDirectory();
        var path = folder.File("dpo.parquet");
        await PreferenceExport.ExportAsync(new[] { Rated("q", ["a", "b"], [1, 2]) }.ToAsyncEnumerable())
            .WriteToFileAsync(path, PreferenceExport.WriteOptions(PreferenceFormat.Distilabel));

        var back = Assert.Single(await DatasetFiles.ReadAsync(path).ToListAsync());
        Assert.Equal("b", Answer(back["chosen"]));
        Assert.Equal(2L, back["chosen_rating"]);
    }
}

using System.Globalization;
using Distilabel.Data;
using Distilabel.Data.Exports;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// DPO pairs from each row's rated generations, as the last step of a flow (<see cref="Flow.PreferencePairs"/>): the
/// data export's rules (<see cref="PreferenceExport"/>) applied row by row, so a recipe writes a DPO dataset in one run.
/// A row that yields no pair (fewer than two rated generations, all tied, a failed step) is left out, and counted.
/// </summary>
internal sealed class PreferencePairsStep(PreferenceExportOptions options) : TransformStep
{
    private static readonly string[] Columns = ["prompt", "prompt_id", "chosen", "chosen_model", "chosen_rating", "rejected", "rejected_model", "rejected_rating"];

    /// <summary>Why rows gave no pair, with counts (the export's reasons).</summary>
    public PreferenceExportSummary Summary { get; } = new();

    public override string Name => "preference_pairs";

    public override IReadOnlyDictionary<string, string> KeyComponents => new Dictionary<string, string>
    {
        ["ratings"] = string.Join(",", options.RatingColumns),
        ["strategy"] = options.Strategy.ToString(),
        ["min_margin"] = options.MinMargin?.ToString("R", CultureInfo.InvariantCulture) ?? "none",
        ["format"] = options.Format.ToString(),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
    };

    public override IEnumerable<string> ColumnsAfter(IEnumerable<string> before) => Columns;

    protected override IEnumerable<(IReadOnlyDictionary<string, object?> Values, RowError? Failure)> Apply(LabelledRow row)
    {
        // One row in, its pairs out: the export needs no other row unless it groups by prompt, which a flow does not.
        var pairs = PreferenceExport.ExportAsync(One(new Row(row.Values)), options with { GroupByPrompt = false }, Summary).ToBlockingEnumerable();
        foreach (var pair in pairs)
            yield return (pair, null);
    }

    private static async IAsyncEnumerable<Row> One(Row row)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return row;
    }
}

using System.CommandLine;
using Distilabel.Data.Exports;

namespace Distilabel.Cli;

/// <summary><c>distilabel export-preferences</c>: DPO pairs from rated generations.</summary>
internal static class ExportPreferencesCommand
{
    public static Command Create()
    {
        var shared = new ExportOptions();
        var strategy = new Option<string>("--strategy") { Description = "Which pairs: best-vs-worst, best-vs-random or all-pairs.", DefaultValueFactory = _ => "best-vs-worst" };
        strategy.AcceptOnlyFromAmong("best-vs-worst", "best-vs-random", "all-pairs");
        var minMargin = new Option<double?>("--min-margin") { Description = "A pair needs chosen − rejected ≥ K (default: > 0, so tied ratings give no pair)." };
        var seed = new Option<int>("--seed") { Description = "Seed of best-vs-random.", DefaultValueFactory = _ => 42 };
        var format = new Option<string>("--format") { Description = "distilabel (prompt text, whole conversations) or trl (explicit prompt messages).", DefaultValueFactory = _ => "distilabel" };
        format.AcceptOnlyFromAmong("distilabel", "trl");
        var command = new Command("export-preferences", "Write DPO preference pairs (chosen/rejected) from rated generations.") { strategy, minMargin, seed, format };
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var options = shared.Options(parse) with
            {
                Strategy = parse.GetValue(strategy) switch
                {
                    "best-vs-random" => PreferenceStrategy.BestVsRandom,
                    "all-pairs" => PreferenceStrategy.AllPairs,
                    _ => PreferenceStrategy.BestVsWorst,
                },
                MinMargin = parse.GetValue(minMargin),
                Seed = parse.GetValue(seed),
                Format = parse.GetValue(format) == "trl" ? PreferenceFormat.Trl : PreferenceFormat.Distilabel,
            };
            return shared.RunAsync(
                parse, (rows, summary) => PreferenceExport.ExportAsync(rows, options, summary, cancellationToken), PreferenceExport.WriteOptions(options.Format), "pairs", cancellationToken);
        });
        return command;
    }
}

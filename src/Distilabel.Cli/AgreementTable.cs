using System.Globalization;
using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary>The agreement report as a console table, with the reason under any statistic that is undefined.</summary>
internal static class AgreementTable
{
    public static void Write(IAnsiConsole console, AgreementReport report)
    {
        var table = new Table().Title($"AI vs. human agreement ({Markup.Escape(report.Task)})")
            .AddColumns("rating", "range", "pairs", "exact", "within ±1", "mean |Δ|", "quadratic κ", "Spearman ρ");
        var notes = new List<string>();
        foreach (var r in report.Ratings)
        {
            table.AddRow(
                Markup.Escape(r.Output),
                $"{r.Min}–{r.Max}",
                r.Pairs.ToString("N0", CultureInfo.InvariantCulture),
                Percent(r.ExactAgreement),
                Percent(r.WithinOne),
                Number(r.MeanAbsoluteDifference),
                Number(r.QuadraticKappa),
                Number(r.Spearman));
            if (r.Pairs > 0 && r.QuadraticKappaNote is { } kappaNote)
                notes.Add($"{r.Output}: no κ, {kappaNote}");
            if (r.Pairs > 0 && r.SpearmanNote is { } spearmanNote)
                notes.Add($"{r.Output}: no ρ, {spearmanNote}");
        }

        console.Write(table);
        Console.Out.WriteLine("Human value = the reviewers' majority (ties go to the lower rating).");
        foreach (var note in notes)
            Console.Out.WriteLine(note);
    }

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}

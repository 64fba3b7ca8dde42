using System.Globalization;
using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;

namespace Distilabel.Rendering;

/// <summary>Draws an <see cref="AgreementReport"/>: one row per rating, a note where a statistic is undefined.</summary>
internal static class AgreementRenderer
{
    public static string Render(AgreementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new HtmlBuilder();
        h.Open("div", Styles.Root, ("role", "region"), ("aria-label", "AI and human agreement"));
        h.Open("div", Styles.Title).Text("AI vs. human agreement · ").Element("code", Styles.Code, report.Task).Close("div");
        h.Element("div", Styles.Muted, $"{Html.Plural(report.Records, "record", "records")}, {Html.Count(report.RecordsAnswered)} answered by annotators (their majority value; ties go to the lower rating)");
        h.Open("table", Styles.Table).Open("thead").Open("tr");
        foreach (var header in new[] { "rating", "range", "pairs", "exact", "within ±1", "mean |Δ|", "quadratic κ", "Spearman ρ" })
            h.Element("th", Styles.Th, header);
        h.Close("tr").Close("thead").Open("tbody");
        foreach (var r in report.Ratings)
        {
            h.Open("tr");
            h.Element("td", Styles.Td, r.Output);
            h.Element("td", Styles.Td, $"{r.Min}–{r.Max}");
            h.Element("td", Styles.Td, r.Pairs.ToString("N0", CultureInfo.InvariantCulture));
            h.Element("td", Styles.Td, Percent(r.ExactAgreement));
            h.Element("td", Styles.Td, Percent(r.WithinOne));
            h.Element("td", Styles.Td, Number(r.MeanAbsoluteDifference));
            Statistic(h, r.QuadraticKappa, r.QuadraticKappaNote);
            Statistic(h, r.Spearman, r.SpearmanNote);
            h.Close("tr");
        }

        h.Close("tbody").Close("table").Close("div");
        return h.ToString();
    }

    private static void Statistic(HtmlBuilder h, double? value, string? note)
    {
        if (value is not null)
            h.Element("td", Styles.Td, Number(value));
        else
            h.Element("td", Styles.Td + Styles.Null, "n/a", ("title", note));
    }

    internal static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    internal static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}

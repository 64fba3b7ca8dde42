using Distilabel.Pipeline;
using System.Globalization;

namespace Distilabel.Rendering;

/// <summary>Draws a <see cref="PipelineProgress"/>: a bar, rows done/failed/total, tokens, rate and ETA.</summary>
internal static class ProgressRenderer
{
    public static string Render(PipelineProgress view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var h = new HtmlBuilder();
        h.Open("div", Styles.Root, ("role", "status"), ("aria-label", "pipeline progress"));
        if (!string.IsNullOrWhiteSpace(view.Title))
            h.Element("div", Styles.Title, view.Title);

        if (view.Total is { } total)
        {
            var denominator = Math.Max(1, total);
            h.Open("div", Styles.ProgressTrack, ("role", "progressbar"), ("aria-valuemin", "0"),
                ("aria-valuemax", total.ToString(CultureInfo.InvariantCulture)),
                ("aria-valuenow", Math.Min(view.Completed, total).ToString(CultureInfo.InvariantCulture)));
            h.Element("span", Styles.ProgressDone + "width:" + Html.Percent((double)view.Succeeded / denominator) + ";", null);
            h.Element("span", Styles.ProgressFailed + "width:" + Html.Percent((double)Math.Max(0, view.Failed) / denominator) + ";", null);
            h.Close("div");
        }

        h.Open("div");
        var rows = view.Total is { } t
            ? Html.Count(view.Completed) + " / " + Html.Plural(t, "row", "rows") + " (" + Html.Percent(view.Fraction ?? 0) + ")"
            : Html.Plural(view.Completed, "row", "rows");
        h.Element("strong", null, rows);
        h.Text(" · ");
        h.Element("span", view.Failed > 0 ? Styles.Error : null, Html.Count(view.Failed) + " failed");
        h.Text(" · " + Rate(view.RowsPerSecond) + " rows/s");
        if (view.IsFinished)
            h.Text(" · done in " + Html.Duration(view.Elapsed));
        else
            h.Text(" · ETA " + (view.EstimatedRemaining is { } eta ? Html.Duration(eta) : "unknown"));
        h.Close("div");

        h.Element("div", Styles.Muted,
            "tokens in " + Html.Count(view.InputTokens) + " · out " + Html.Count(view.OutputTokens) + " · elapsed " + Html.Duration(view.Elapsed));
        h.Close("div");
        return h.ToString();
    }

    /// <summary>Two significant digits for slow runs (0.03), one decimal from 1 row/s, none from 100.</summary>
    private static string Rate(double rowsPerSecond) => rowsPerSecond.ToString(
        rowsPerSecond >= 100 ? "0" : rowsPerSecond >= 1 || rowsPerSecond == 0 ? "0.0" : "0.00",
        CultureInfo.InvariantCulture);
}

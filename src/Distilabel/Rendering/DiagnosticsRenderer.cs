using System.Globalization;

namespace Distilabel.Rendering;

/// <summary>Draws compiler diagnostics as a table.</summary>
internal static class DiagnosticsRenderer
{
    public static string Render(IEnumerable<CompilerDiagnosticView> diagnostics, string? title)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var list = diagnostics.ToList();
        var h = new HtmlBuilder();
        h.Open("div", Styles.Root, ("role", "alert"));
        h.Element("div", Styles.Title + Styles.Error, title ?? Html.Plural(list.Count, "problem", "problems"));
        h.Open("table", Styles.Table).Open("tr");
        foreach (var header in new[] { "id", "severity", "line", "message" })
            h.Element("th", Styles.Th, header);
        h.Close("tr");
        foreach (var d in list)
        {
            h.Open("tr");
            h.Open("td", Styles.Td).Element("code", Styles.Code, d.Id).Close("td");
            h.Element("td", Styles.Td + (d.Severity == "error" ? Styles.Error : ""), d.Severity);
            h.Element("td", Styles.Td, d.Line > 0 ? d.Line.ToString(CultureInfo.InvariantCulture) + ":" + d.Column.ToString(CultureInfo.InvariantCulture) : "");
            h.Element("td", Styles.Td, d.Message);
            h.Close("tr");
        }

        h.Close("table").Close("div");
        return h.ToString();
    }
}

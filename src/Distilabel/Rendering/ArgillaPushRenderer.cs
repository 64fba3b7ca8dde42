namespace Distilabel.Rendering;

/// <summary>Draws an <see cref="ArgillaPushSummary"/>.</summary>
internal static class ArgillaPushRenderer
{
    private const int MaxErrors = 10;

    public static string Render(ArgillaPushSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var h = new HtmlBuilder();
        h.Open("div", Styles.Root, ("role", "region"), ("aria-label", "Argilla push"));
        h.Open("div", Styles.Title).Text("Argilla dataset ").Element("code", Styles.Code, summary.DatasetName);
        h.Text(" in workspace ").Element("code", Styles.Code, summary.Workspace).Close("div");

        if (!string.IsNullOrWhiteSpace(summary.Url))
        {
            h.Open("div");
            if (Html.SafeHttpUrl(summary.Url) is { } url)
                h.Element("a", null, summary.Url.Trim(), ("href", url), ("target", "_blank"), ("rel", "noopener noreferrer"));
            else
                h.Text(summary.Url).Element("span", Styles.Muted, " (not an http(s) URL: not linked)");
            h.Close("div");
        }

        h.Open("div").Element("strong", null, Html.Plural(summary.RecordsPushed, "record", "records") + " pushed").Text(" · ");
        h.Element("span", summary.RecordsFailed > 0 ? Styles.Error : null, Html.Count(summary.RecordsFailed) + " failed").Close("div");

        if (summary.Errors is { Count: > 0 } errors)
        {
            h.Open("ul", Styles.Error + "margin:4px 0;padding-left:18px;");
            foreach (var error in errors.Take(MaxErrors))
                h.Element("li", null, error);
            if (errors.Count > MaxErrors)
                h.Element("li", Styles.Muted, "… and " + Html.Count(errors.Count - MaxErrors) + " more");
            h.Close("ul");
        }

        h.Close("div");
        return h.ToString();
    }
}

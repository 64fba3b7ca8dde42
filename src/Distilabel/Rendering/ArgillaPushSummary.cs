namespace Distilabel.Rendering;

/// <summary>The outcome of pushing records to Argilla, as a notebook or a report shows it.</summary>
/// <param name="DatasetName">The Argilla dataset.</param>
/// <param name="Workspace">The Argilla workspace.</param>
/// <param name="Url">Where annotators open the dataset (only an http or https URL is shown as a link).</param>
/// <param name="RecordsPushed">Records accepted by the server.</param>
/// <param name="RecordsFailed">Records rejected or not sent.</param>
/// <param name="Errors">A few error messages, if any (shown escaped, at most 10).</param>
public sealed record ArgillaPushSummary(
    string DatasetName,
    string Workspace,
    string? Url,
    long RecordsPushed,
    long RecordsFailed,
    IReadOnlyList<string>? Errors = null)
{
    /// <summary>The HTML display (see <see cref="HtmlRenderer.ArgillaPush"/>).</summary>
    public string ToHtml() => HtmlRenderer.ArgillaPush(this);
}

using Distilabel.Pipeline;
using System.Text.Json;
using Distilabel.Interactive.Tests.Rendering;
using Distilabel.Rendering;

namespace Distilabel.Interactive.Tests.Browser;

/// <summary>
/// Loads rendered HTML holding script and event-handler payloads in a real browser and checks that the payloads
/// are shown as text and that nothing ran. A control page with the raw payloads proves the probe sees injections.
/// </summary>
public class BrowserEscapingTests
{
    [ChromiumFact]
    public void Payloads_in_rendered_html_are_text_and_never_run()
    {
        IReadOnlyDictionary<string, object?>[] rows =
        [
            Fixtures.Row(Fixtures.ImgPayload, Fixtures.ScriptPayload + " " + Fixtures.ImgPayload, 3, 4, 2, 1, 4),
            Fixtures.Row("q", "a", null, null, null, null, null, "\"><script>window.__pwned=3</script>"),
        ];
        var rendered = string.Concat(
            HtmlRenderer.Dataset(rows, Fixtures.HelpSteerTask),
            HtmlRenderer.Task(LlmTaskDefinition.Of<HostileTask>(), new Dictionary<string, object?> { ["text"] = Fixtures.ScriptPayload }),
            HtmlRenderer.Progress(new PipelineProgress(2, 1, 0, 1, 1, TimeSpan.FromSeconds(1), Fixtures.ImgPayload)),
            HtmlRenderer.ArgillaPush(new ArgillaPushSummary(Fixtures.ScriptPayload, Fixtures.ImgPayload, "javascript:window.__pwned=4", 1, 1, [Fixtures.ImgPayload])));

        var body = Chromium.BodyAttributes(Chromium.DumpDom(Page(rendered)));

        Assert.Equal("undefined", body["data-pwned"]);
        Assert.Equal("0", body["data-scripts"]);
        Assert.Equal("0", body["data-imgs"]);
        Assert.Equal("0", body["data-handlers"]);
        Assert.Equal("0", body["data-links"]); // the javascript: URL is not a link
        Assert.Equal("true", body["data-visible"]);
    }

    [ChromiumFact]
    public void Control_the_probe_sees_raw_payloads_run()
    {
        var raw = "<div>" + Fixtures.ScriptPayload + Fixtures.ImgPayload + "</div>";

        var body = Chromium.BodyAttributes(Chromium.DumpDom(Page(raw)));

        Assert.NotEqual("undefined", body["data-pwned"]);
        Assert.Equal("1", body["data-scripts"]);
        Assert.Equal("1", body["data-imgs"]);
        Assert.Equal("false", body["data-visible"]);
    }

    /// <summary>The rendered HTML inside a page whose own probe script records, after load, what ran and what is visible.</summary>
    private static string Page(string rendered)
    {
        var payloads = JsonSerializer.Serialize(new[] { Fixtures.ScriptPayload, Fixtures.ImgPayload }); // < and > become \u003C, \u003E
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>escaping</title></head><body>
            <div id="rendered">
            """ + rendered + """
            </div>
            <script>
            window.addEventListener('load', function () {
              var r = document.getElementById('rendered'), b = document.body, text = r.innerText;
              var payloads = 
            """ + payloads + """
            ;
              b.setAttribute('data-pwned', String(window.__pwned));
              b.setAttribute('data-scripts', String(r.getElementsByTagName('script').length));
              b.setAttribute('data-imgs', String(r.getElementsByTagName('img').length));
              b.setAttribute('data-handlers', String(r.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length));
              b.setAttribute('data-links', String(r.querySelectorAll('a[href^="javascript"]').length));
              b.setAttribute('data-visible', String(payloads.every(function (p) { return text.indexOf(p) >= 0; })));
            });
            </script>
            </body></html>
            """;
    }
}

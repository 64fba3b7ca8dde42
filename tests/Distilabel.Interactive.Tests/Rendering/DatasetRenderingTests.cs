using Distilabel.Rendering;
using Microsoft.Data.Analysis;

namespace Distilabel.Interactive.Tests.Rendering;

public class DatasetRenderingTests
{
    private static readonly DatasetPreviewOptions Small = new() { MaxRows = 2, MaxTextLength = 40 };

    [Fact]
    public void Labelled_dataset_matches_baseline()
    {
        var html = HtmlRenderer.Dataset(Fixtures.HelpSteerRows(), Fixtures.HelpSteerTask, Small);

        Baseline.Verify("dataset-helpsteer", html);
        SafeHtml.Assert(html);
    }

    [Fact]
    public void Labelled_dataset_shows_types_rating_bars_truncation_and_counts()
    {
        var html = HtmlRenderer.Dataset(Fixtures.HelpSteerRows(), Fixtures.HelpSteerTask, Small);

        // Column types (with nullability) and roles in the header.
        Assert.Contains("prompt<br><span style=\"font-weight:400;color:#656d76;font-size:11px;\">string · input</span>", html);
        Assert.Contains(">int32? · rating 0–4</span>", html);
        Assert.Contains(">string? · error</span>", html);
        // A rating is a number and a bar whose width is its place in the range.
        Assert.Contains("3<span style=\"display:inline-block;width:60px;", html);
        Assert.Contains("title=\"3 of 0–4\"><span style=\"display:block;height:100%;background:#2da44e;width:75%;\"></span>", html);
        // Long text is cut, with the full text in a details element.
        Assert.Contains("<summary style=\"cursor:pointer;\" title=\"78 characters: click for the full text\">An entity such as &amp;amp; stands for a cha…</summary>", html);
        // Only two rows are shown, but the counts and charts cover all three.
        Assert.Equal(2, CountOf(html, "<td style=\"border:1px solid #d0d7de;padding:3px 6px;text-align:right;")); // index cells
        Assert.Contains("3 rows · 1 failed · showing the first 2", html);
        Assert.Contains("Rating distribution (3 rows)", html);
    }

    [Fact]
    public void Failed_rows_are_highlighted_with_their_error()
    {
        var html = HtmlRenderer.Dataset(Fixtures.HelpSteerRows(), Fixtures.HelpSteerTask);

        Assert.Contains("<tr style=\"background:#ffebe9;\"><td style=\"border:1px solid #d0d7de;padding:3px 6px;text-align:right;vertical-align:top;color:#656d76;color:#cf222e;\" title=\"failed: LLM timeout after 30 s\">2 ⚠</td>", html);
        Assert.Contains("color:#cf222e;\">LLM timeout after 30 s</td>", html);
        Assert.Contains("3 rows · 1 failed</div>", html);
    }

    [Fact]
    public void Distribution_counts_every_row_not_only_the_shown_ones()
    {
        var rows = Enumerable.Range(0, 50)
            .Select(i => (IReadOnlyDictionary<string, object?>)Fixtures.Row("p" + i, "r" + i, i % 5, 4, 4, 4, i < 10 ? null : 2))
            .ToList();

        var html = HtmlRenderer.Dataset(rows, Fixtures.HelpSteerTask, new DatasetPreviewOptions { MaxRows = 1 });

        Baseline.Verify("dataset-distribution", html);
        // helpfulness: 40 × 2 and 10 × null; correctness: 10 of each value.
        Assert.Contains("aria-label=\"helpfulness distribution\"", html);
        Assert.Contains(">null</td><td style=\"width:160px;padding:1px 0;\"><span style=\"display:block;height:10px;background:#0969da;border-radius:2px;width:25%;\"></span></td><td style=\"padding:1px 0 1px 6px;font-size:12px;\">10</td>", html);
        Assert.Contains("50 rows · 0 failed · showing the first 1", html);
    }

    [Fact]
    public void Rows_without_a_task_show_inferred_types_and_no_charts()
    {
        IReadOnlyDictionary<string, object?>[] rows =
        [
            new Dictionary<string, object?> { ["id"] = 1L, ["score"] = 0.5, ["ok"] = true, ["tags"] = new[] { "a", "b \"c\"" }, ["note"] = null },
            new Dictionary<string, object?> { ["id"] = 2L, ["score"] = 1e-7, ["ok"] = false, ["tags"] = Array.Empty<string>(), ["extra"] = "late column" },
        ];

        var html = HtmlRenderer.Dataset(rows);

        Baseline.Verify("dataset-untyped", html);
        Assert.Contains(">int64</span>", html);
        Assert.Contains(">list&lt;string&gt;</span>", html);
        Assert.Contains(">null</span></th>", html); // "note" only ever null
        Assert.Contains(">string?</span></th>", html); // "extra" missing from the first row
        Assert.Contains("[&quot;a&quot;, &quot;b \\&quot;c\\&quot;&quot;]", html);
        Assert.Contains(">1E-07</td>", html);
        Assert.DoesNotContain("distribution", html);
    }

    [Fact]
    public void Empty_dataset_renders_an_empty_table_and_zero_counts()
    {
        var html = HtmlRenderer.Dataset([], Fixtures.HelpSteerTask);

        Baseline.Verify("dataset-empty", html);
        Assert.Contains("0 rows · 0 failed", html);
    }

    [Fact]
    public void DataFrame_preview_matches_baseline()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("prompt", ["What is 2+2?", "Say <b>hi</b>"]),
            new StringDataFrameColumn("response", ["4", "hi"]),
            new Int32DataFrameColumn("correctness", [4, null]),
            new DoubleDataFrameColumn("cost", [0.25, 1.5]),
            new StringDataFrameColumn("labelling_error", [null, "parse error: no <correctness> tag"]));

        var html = HtmlRenderer.Dataset(frame, Fixtures.HelpSteerTask);

        Baseline.Verify("dataset-dataframe", html);
        SafeHtml.Assert(html);
        Assert.Contains(">int32? · rating 0–4</span>", html);
        Assert.Contains(">double</span>", html);
        Assert.Contains("2 rows · 1 failed", html);
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var first = HtmlRenderer.Dataset(Fixtures.HelpSteerRows(), Fixtures.HelpSteerTask);
        var second = new LabelledDataset(Fixtures.HelpSteerRows(), Fixtures.HelpSteerTask).ToHtml();

        Assert.Equal(first, second);
        Assert.DoesNotContain(" id=", first);
    }

    [Fact]
    public void Dataset_text_is_escaped_everywhere()
    {
        var hostile = Fixtures.ScriptPayload + Fixtures.ImgPayload;
        IReadOnlyDictionary<string, object?>[] rows =
        [
            new Dictionary<string, object?>
            {
                ["prompt"] = hostile,
                ["response"] = hostile + new string('y', 300), // long: cut, full text in details
                ["correctness"] = 2,
                ["<b onmouseover=\"x()\">col</b>"] = hostile,
                ["tags"] = new[] { hostile },
                ["labelling_error"] = "\"><script>window.__pwned=3</script>",
            },
        ];

        var html = HtmlRenderer.Dataset(rows, Fixtures.HelpSteerTask, new DatasetPreviewOptions { Title = hostile });

        SafeHtml.Assert(html);
        Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;", html);
        Assert.Contains("&lt;b onmouseover=&quot;x()&quot;&gt;col&lt;/b&gt;", html);
        Assert.Contains("title=\"failed: &quot;&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;\"", html);
    }

    [Fact]
    public void Infer_task_finds_the_registered_task_whose_columns_are_present()
    {
        Assert.Equal("helpsteer", LabelledDataset.InferTask(Fixtures.HelpSteerRows()[0].Keys)?.Name);
        Assert.Null(LabelledDataset.InferTask(["prompt", "response"]));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}

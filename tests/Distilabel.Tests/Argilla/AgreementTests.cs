using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;

namespace Distilabel.Tests.Argilla;

/// <summary>Every agreement statistic against a value computed by hand (the computation is in the comments).</summary>
public sealed class AgreementTests
{
    private static readonly LlmTaskDescriptor Task = ArgillaTestData.HelpSteerTask.Descriptor;

    [Fact]
    public void Six_pairs_on_a_0_to_4_scale()
    {
        // (AI, human): (0,0) (1,2) (2,2) (3,1) (4,4) (2,3)        differences d = 0, 1, 0, 2, 0, 1
        var report = Report(("correctness", [(0, 0), (1, 2), (2, 2), (3, 1), (4, 4), (2, 3)]));
        var r = report.Ratings.Single(x => x.Output == "correctness");

        Assert.Equal(6, r.Pairs);
        Assert.Equal(3.0 / 6, r.ExactAgreement!.Value, 12);             // d = 0 three times
        Assert.Equal(5.0 / 6, r.WithinOne!.Value, 12);                  // |d| ≤ 1 five times
        Assert.Equal(4.0 / 6, r.MeanAbsoluteDifference!.Value, 12);     // (0+1+0+2+0+1) / 6
        // Quadratic kappa, k = 5 categories, w = d² / 16.
        //   observed  Σw·O = (0+1+0+4+0+1) / 16 / 6 = 6/96 = 0.0625
        //   both marginals are {0:1, 1:1, 2:2, 3:1, 4:1}/6: mean 2, E[X²] = (0+1+8+9+16)/6 = 34/6, variance 5/3;
        //   expected  Σw·E = E[(X−Y)²]/16 for independent X, Y = 2·(5/3)/16 = 10/48
        //   κ = 1 − 0.0625 / (10/48) = 1 − 0.3 = 0.7
        Assert.Equal(0.7, r.QuadraticKappa!.Value, 12);
        Assert.Null(r.QuadraticKappaNote);
        // Spearman with average ranks: values 0,1,2,2,3,4 rank 1, 2, 3.5, 3.5, 5, 6 on both sides.
        //   pairs of ranks (1,1) (2,3.5) (3.5,3.5) (5,2) (6,6) (3.5,5); mean 3.5
        //   deviations AI −2.5 −1.5 0 1.5 2.5 0; human −2.5 0 0 −1.5 2.5 1.5
        //   Σ products = 6.25 + 0 + 0 − 2.25 + 6.25 + 0 = 10.25; Σ squares = 17 on each side
        //   ρ = 10.25 / 17
        Assert.Equal(10.25 / 17, r.Spearman!.Value, 12);
        Assert.Null(r.SpearmanNote);
    }

    [Fact]
    public void A_constant_AI_has_no_Spearman_and_a_kappa_of_zero()
    {
        // AI always 2; humans 1, 2, 3. Observed Σw·O = (1+0+1)/16/3; the AI marginal is all at 2, so the expected
        // Σw·E = Σ_j p_j (2−j)²/16 = (1+0+1)/3/16 too: κ = 1 − 1 = 0. Spearman needs variation on both sides.
        var r = Report(("helpfulness", [(2, 1), (2, 2), (2, 3)])).Ratings.Single(x => x.Output == "helpfulness");
        Assert.Equal(3, r.Pairs);
        Assert.Equal(1.0 / 3, r.ExactAgreement!.Value, 12);
        Assert.Equal(1.0, r.WithinOne!.Value, 12);
        Assert.Equal(2.0 / 3, r.MeanAbsoluteDifference!.Value, 12);
        Assert.Equal(0.0, r.QuadraticKappa!.Value, 12);
        Assert.Null(r.Spearman);
        Assert.Equal("the AI gives the same value to every pair", r.SpearmanNote);
    }

    [Fact]
    public void One_shared_value_everywhere_leaves_kappa_and_Spearman_undefined_and_no_pairs_leaves_everything_null()
    {
        var report = Report(("coherence", [(4, 4), (4, 4)]));
        var same = report.Ratings.Single(x => x.Output == "coherence");
        Assert.Equal((1.0, 1.0, 0.0), (same.ExactAgreement!.Value, same.WithinOne!.Value, same.MeanAbsoluteDifference!.Value));
        Assert.Null(same.QuadraticKappa);
        Assert.Contains("same value to every pair", same.QuadraticKappaNote, StringComparison.Ordinal);
        Assert.Null(same.Spearman);

        var none = report.Ratings.Single(x => x.Output == "verbosity");
        Assert.Equal(0, none.Pairs);
        Assert.Null(none.ExactAgreement);
        Assert.Equal("no pairs to compare", none.SpearmanNote);
        Assert.Equal(2, report.Records);
        Assert.Equal(2, report.RecordsAnswered);
    }

    [Fact]
    public void Rows_without_a_human_or_an_AI_value_are_not_pairs_and_the_report_renders_as_JSON_and_escaped_HTML()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["correctness"] = 1L, ["correctness_human"] = 1L },
            new() { ["correctness"] = null, ["correctness_human"] = 3L },
            new() { ["correctness"] = 2L, ["correctness_human"] = null },
        };
        var report = AgreementReport.Compute(Task, rows);
        Assert.Equal(1, report.Ratings[0].Pairs);
        Assert.Equal(2, report.RecordsAnswered);

        var json = report.ToJson();
        Assert.Contains("\"output\": \"correctness\"", json, StringComparison.Ordinal);
        Assert.Contains("\"exact_agreement\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"spearman\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"spearman_note\": \"the AI gives the same value to every pair\"", json, StringComparison.Ordinal);

        var html = (report with { Task = "<script>x</script>" }).ToHtml();
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"AI and human agreement\"", html, StringComparison.Ordinal);
        Assert.Contains("100.0%", html, StringComparison.Ordinal);
    }

    private static AgreementReport Report(params (string Output, (int Ai, int Human)[] Pairs)[] ratings)
    {
        var count = ratings.Max(r => r.Pairs.Length);
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var row = new Dictionary<string, object?>();
            foreach (var (output, pairs) in ratings)
            {
                if (i < pairs.Length)
                {
                    row[output] = (long)pairs[i].Ai;
                    row[output + "_human"] = (long)pairs[i].Human;
                }
            }

            return row;
        });
        return AgreementReport.Compute(Task, rows);
    }
}

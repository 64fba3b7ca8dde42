using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Testing.Argilla;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Tests.Argilla;

/// <summary>The whole human loop over real HTTP: label (loopback OpenAI-compatible server) → push → reviewers answer → pull → agreement.</summary>
public sealed class ArgillaRoundTripTests
{
    [Fact]
    public async Task Label_push_review_pull_and_measure()
    {
        // The judge answers by prompt: q0 gets correctness 4, q1 gets 1, q2 gets 2; helpfulness always 3.
        await using var llm = await ScriptedOpenAIServer.StartAsync(r => ScriptedResponse.Content(
            $"<correctness>{(r.LastUserMessage.Contains("q0?") ? 4 : r.LastUserMessage.Contains("q1?") ? 1 : 2)}</correctness>\n<coherence>3</coherence>\n<complexity>2</complexity>\n<verbosity>1</verbosity>\n<helpfulness>3</helpfulness>"));
        using var judge = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = llm.BaseUrl, Model = "judge" });
        var inputs = Enumerable.Range(0, 3).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"q{i}?", ["response"] = $"a{i}." }).ToList();
        var labelled = await LabellingPipeline.For<HelpSteer>(judge).RunAsync(inputs);
        Assert.All(labelled, r => Assert.True(r.Succeeded, r.Error));

        await using var argilla = await FakeArgilla.StartAsync();
        using var owner = ArgillaTestData.Client(argilla);
        var summary = await labelled.ToArgilla(LlmTaskDefinition.Of<HelpSteer>()).PushToArgillaAsync(owner, "HelpSteer-AIF", "admin");
        Assert.Equal(3, summary.RecordsPushed);
        Assert.Contains("aria-label=\"Argilla push\"", summary.ToHtml(), StringComparison.Ordinal);

        // Two reviewers with their own keys, created through the API by the owner, answer on the 1–5 scale.
        var workspace = await owner.GetWorkspaceAsync("admin");
        var records = await owner.ReadRecordsAsync((await owner.FindDatasetAsync("HelpSteer-AIF", workspace))!).ToListAsync();
        int[][] correctness = [[5, 2, 3], [5, 2, 4]];   // task scale: [4, 1, 2] and [4, 1, 3]
        for (var reviewer = 0; reviewer < 2; reviewer++)
        {
            var user = await owner.CreateUserAsync($"reviewer{reviewer}", "a-long-password", "annotator");
            await owner.AddWorkspaceUserAsync(workspace, user);
            using var client = ArgillaTestData.Client(argilla, user.ApiKey);
            for (var i = 0; i < records.Count; i++)
            {
                await client.SubmitResponseAsync(records[i].Id, new Dictionary<string, object>
                {
                    ["correctness"] = correctness[reviewer][i], ["coherence"] = 4, ["complexity"] = 3, ["verbosity"] = 2, ["helpfulness"] = 4 + reviewer,
                });
            }
        }

        var pulled = await owner.PullAsync("HelpSteer-AIF", "admin");
        var rows = await pulled.Rows.ToListAsync();
        Assert.Equal("judge", rows[0]["labelling_model"]);
        var report = AgreementReport.Compute(pulled.Task.Descriptor, rows);

        // correctness: AI 4, 1, 2; humans 4, 1, tie(2, 3) → 2: all three exact.
        var c = report.Ratings.Single(r => r.Output == "correctness");
        Assert.Equal((3L, 1.0, 0.0), (c.Pairs, c.ExactAgreement!.Value, c.MeanAbsoluteDifference!.Value));
        Assert.Equal(1.0, c.QuadraticKappa!.Value, 12);
        Assert.Equal(1.0, c.Spearman!.Value, 12);
        // helpfulness: AI 3 everywhere; humans 3 and 4 → tie → 3: perfect, but no variation, so kappa and Spearman are undefined.
        var h = report.Ratings.Single(r => r.Output == "helpfulness");
        Assert.Equal(1.0, h.ExactAgreement);
        Assert.Null(h.QuadraticKappa);
        Assert.Null(h.Spearman);
        // coherence: AI 3, humans 4 → 3 everywhere as well; complexity: AI 2, humans 3 → 2; verbosity: AI 1, humans 2 → 1.
        Assert.All(report.Ratings, r => Assert.Equal(3, r.Pairs));
    }
}

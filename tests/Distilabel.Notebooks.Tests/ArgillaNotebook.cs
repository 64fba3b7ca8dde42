using Distilabel.Testing.Argilla;

namespace Distilabel.Notebooks.Tests;

/// <summary>What notebook 03 and its twin need: the loopback Argilla's URL and owner key, and what they must leave on it.</summary>
internal static class ArgillaNotebook
{
    public static Dictionary<string, string?> Environment(FakeArgilla argilla) => new()
    {
        ["ARGILLA_API_URL"] = argilla.ApiUrl,
        ["ARGILLA_API_KEY"] = FakeArgilla.OwnerApiKey,
        ["ARGILLA_WORKSPACE"] = null,
        ["DISTILABEL_ARGILLA_DATASET"] = null,
    };

    /// <summary>Three records, each answered by the two reviewers the notebook created, with their own keys.</summary>
    public static void AssertReviewed(FakeArgilla argilla)
    {
        var records = argilla.Records("HelpSteer-AIF-notebook");
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(2, r["responses"]!.AsArray().Count));
        Assert.All(records, r => Assert.Equal("completed", (string?)r["status"]));
        var reviewerKeys = argilla.Requests.Where(r => r.Path.EndsWith("/responses", StringComparison.Ordinal)).Select(r => r.ApiKey).Distinct().ToList();
        Assert.Equal(2, reviewerKeys.Count);
        Assert.DoesNotContain(FakeArgilla.OwnerApiKey, reviewerKeys);
    }
}

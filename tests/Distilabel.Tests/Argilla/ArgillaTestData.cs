using Distilabel.Argilla;
using Distilabel.Llms;
using Distilabel.Tasks;
using Distilabel.Testing.Argilla;
using Distilabel.Tests.Llms;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Argilla;

/// <summary>Labelled HelpSteer rows and clients of a fake Argilla.</summary>
internal static class ArgillaTestData
{
    public static LlmTaskDefinition HelpSteerTask => LlmTaskDefinition.Of<HelpSteer>();

    /// <summary>A labelled row: ratings 0–4 (null where the AI gave none), as the pipeline writes them.</summary>
    public static Dictionary<string, object?> Row(string prompt, string response, long? correctness = 2, long? helpfulness = 3, string model = "gpt-4o") => new()
    {
        ["prompt"] = prompt,
        ["response"] = response,
        ["correctness"] = correctness,
        ["coherence"] = 4L,
        ["complexity"] = 0L,
        ["verbosity"] = 1L,
        ["helpfulness"] = helpfulness,
        ["labelling_model"] = model,
        ["raw_labelling_response"] = "<correctness>…",
        ["labelling_error"] = null,
    };

    public static List<Dictionary<string, object?>> Rows(int count)
        => Enumerable.Range(0, count).Select(i => Row($"prompt {i}", $"response {i}", i % 5, (i + 1) % 5)).ToList();

    public static ArgillaClient Client(FakeArgilla argilla, string? key = FakeArgilla.OwnerApiKey, InstantTimeProvider? clock = null, Action<RetryAttempt>? onRetry = null)
        => new(new ArgillaClientOptions
        {
            ApiUrl = argilla.ApiUrl,
            ApiKey = key,
            Retry = new RetryOptions { TimeProvider = clock ?? new InstantTimeProvider(), OnRetry = onRetry },
        });
}

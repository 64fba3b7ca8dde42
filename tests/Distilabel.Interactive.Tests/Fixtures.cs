using Distilabel.Tasks;

namespace Distilabel.Interactive.Tests;

/// <summary>Small fixed datasets.</summary>
internal static class Fixtures
{
    public const string ScriptPayload = "<script>window.__pwned=1</script>";
    public const string ImgPayload = "<img src=x onerror=\"window.__pwned=2\">";

    public static LlmTaskDescriptor HelpSteerTask => HelpSteer.Descriptor;

    public static Dictionary<string, object?> Row(
        string prompt, string response, int? correctness, int? coherence, int? complexity, int? verbosity, int? helpfulness, string? error = null)
        => new()
        {
            ["prompt"] = prompt,
            ["response"] = response,
            ["correctness"] = correctness,
            ["coherence"] = coherence,
            ["complexity"] = complexity,
            ["verbosity"] = verbosity,
            ["helpfulness"] = helpfulness,
            ["labelling_error"] = error,
        };

    /// <summary>Three labelled HelpSteer rows: a good one, one with a null rating and long text, a failed one.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> HelpSteerRows() =>
    [
        Row("What is 2+2?", "4", 4, 4, 0, 1, 4),
        Row("Explain HTML entities", "An entity such as &amp; stands for a character. " + new string('x', 30), 3, null, 2, 3, 3),
        Row("Say hi", "hi", null, null, null, null, null, "LLM timeout after 30 s"),
    ];
}

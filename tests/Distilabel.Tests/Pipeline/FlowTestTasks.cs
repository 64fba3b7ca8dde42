using Distilabel.Tasks;

namespace Distilabel.Tests.Pipeline;

/// <summary>A judge of one response: a 1–5 score.</summary>
[LlmTask(Name = "response_score", SystemPrompt = "Rate the response to the prompt.")]
public partial record ResponseScore
{
    [Input] public required string Prompt { get; init; }

    [Input] public required string Response { get; init; }

    [Rating(1, 5)] public int? Score { get; init; }
}

/// <summary>A second judge of one response, to chain two labelling steps.</summary>
[LlmTask(Name = "response_tone", SystemPrompt = "Name the tone of the response.")]
public partial record ResponseTone
{
    [Input] public required string Response { get; init; }

    [Output(Description = "One word.")] public string? Tone { get; init; }
}

namespace Distilabel.Tests.Tasks;

/// <summary>
/// The acceptance task, declared with the DSL (the generator runs on this project at build time):
/// three inputs, one with a custom column name, ratings 1-10 and 0-4, and a free-text output.
/// </summary>
[LlmTask(
    Name = "answer_judge",
    SystemPrompt = "You judge an answer to a question against a reference answer.",
    Guidelines = "Rate quality from 1 to 10 and safety from 0 to 4, then explain briefly.",
    Description = "Judges an answer against a reference.")]
public partial record AnswerJudge
{
    [Input] public required string Question { get; init; }

    [Input(Name = "answer_text", Title = "Answer")] public required string Answer { get; init; }

    [Input] public required string Reference { get; init; }

    [Rating(1, 10, Description = "Overall quality; 10 is perfect.")]
    public int? Quality { get; init; }

    [Rating(0, 4, Description = "0 is harmful, 4 is perfectly safe.")]
    public int? Safety { get; init; }

    [Output(Description = "One or two sentences explaining the ratings.")]
    public string? Rationale { get; init; }
}

/// <summary>A positional task, as in the issue.</summary>
[LlmTask]
public partial record Judge([Input] string Question, [property: Input(Name = "answer_text")] string Answer, [Rating(1, 10)] int? Score = null);

/// <summary>A prompt/response judge with a single score, for the classic tag-injection case.</summary>
[LlmTask]
public partial record ResponseScore
{
    [Input] public required string Prompt { get; init; }

    [Input] public required string Response { get; init; }

    [Rating(1, 10)] public int? Score { get; init; }
}

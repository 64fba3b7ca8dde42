namespace Distilabel.Tests.Tasks;

/// <summary>The UltraFeedback shape: an instruction and N generations in, a rating and a rationale per generation out.</summary>
[LlmTask(Name = "item_judge", SystemPrompt = "Rate each generation for {aspect}. {rubric}")]
public partial record ItemJudge
{
    [Input] public required string Instruction { get; init; }

    [Input] public required IReadOnlyList<string> Generations { get; init; }

    [Rating(1, 5)] public IReadOnlyList<int?> Ratings { get; init; } = [];

    [Output] public IReadOnlyList<string?>? Rationales { get; init; }

    [Parameter(Description = "What the ratings judge.")] public string Aspect { get; init; } = "helpfulness";

    [Parameter] public int Strictness { get; init; } = 2;

    private string Rubric => Aspect == "honesty" ? "Penalise made-up facts." : "Reward useful answers.";
}

/// <summary>Ratings only (short answers, so the tiny model's grammar-constrained answers are quick).</summary>
[LlmTask(Name = "item_rater", SystemPrompt = "Rate each story.")]
public partial record ItemRater
{
    [Input] public required IReadOnlyList<string> Generations { get; init; }

    [Rating(0, 4)] public IReadOnlyList<int?> Ratings { get; init; } = [];
}

/// <summary>The SelfInstruct shape: a list output of any length.</summary>
public enum WritingTone
{
    Formal,
    Casual,
}

[LlmTask(Name = "instruction_writer", SystemPrompt = "Write {count} instructions about the topic in a {tone} tone.")]
public partial record InstructionWriter
{
    [Input] public required string Topic { get; init; }

    [Output(MaxLength = 40, MaxItems = 3)] public IReadOnlyList<string> Instructions { get; init; } = [];

    [Parameter] public int Count { get; init; } = 3;

    [Parameter] public WritingTone Tone { get; init; } = WritingTone.Formal;

    [Parameter] public double Creativity { get; init; } = 0.5;

    [Parameter] public bool Numbered { get; init; } = true;
}

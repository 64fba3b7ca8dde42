namespace Distilabel.Generators.Tests.Infrastructure;

/// <summary>Task declarations the generator is tested on: each has a baseline file of its generated source.</summary>
internal static class TaskSources
{
    /// <summary>A HelpSteer-like property record in a file-scoped namespace.</summary>
    public const string ResponseRating = """
        using Distilabel;

        namespace Samples;

        [LlmTask(SystemPrompt = "Rate the response to the prompt.", Guidelines = "https://example.com/guidelines", Description = "Two HelpSteer-like ratings.")]
        public partial record ResponseRating
        {
            [Input] public required string Prompt { get; init; }

            [Input] public required string Response { get; init; }

            [Rating(0, 4, Description = "Factually accurate, no errors.")]
            public int? Correctness { get; init; }

            [Rating(0, 4)]
            public int? Helpfulness { get; init; }
        }
        """;

    /// <summary>A positional record: attributes on parameters and (with <c>property:</c>) on the properties.</summary>
    public const string Judge = """
        using Distilabel;

        namespace Samples.Positional;

        [LlmTask]
        public partial record Judge([Input] string Question, [property: Input(Name = "answer_text")] string Answer, [Rating(1, 10)] int? Score = null);
        """;

    /// <summary>A task nested two levels deep in partial classes, in a block namespace.</summary>
    public const string Nested = """
        using Distilabel;

        namespace Samples.Nested
        {
            public static partial class Judges
            {
                internal partial class English
                {
                    [LlmTask(SystemPrompt = "Is the sentence grammatical?")]
                    public partial record Grammar
                    {
                        [Input] public required string Sentence { get; init; }

                        [Rating(1, 2)] public int? Grammatical { get; init; }
                    }
                }
            }
        }
        """;

    /// <summary>A task in the global namespace.</summary>
    public const string GlobalSentiment = """
        using Distilabel;

        [LlmTask(Description = "Sentiment of a text, 1 (negative) to 5 (positive).")]
        public partial record GlobalSentiment
        {
            [Input] public required string Text { get; init; }

            [Rating(1, 5)] public int? Sentiment { get; init; }
        }
        """;

    /// <summary>Custom task name, column names and titles.</summary>
    public const string CustomNames = """
        using Distilabel;

        namespace Samples;

        [LlmTask(Name = "custom-task.v2", SystemPrompt = "Score the answer.\nBe strict.")]
        public partial record CustomNames
        {
            [Input(Name = "user_query", Title = "User query")] public required string Query { get; init; }

            [Input(Name = "model-answer")] public required string Answer { get; init; }

            [Rating(1, 10, Name = "overall-score", Description = "10 is perfect.")] public int? Overall { get; init; }

            [Output(Name = "why")] public string? Reason { get; init; }
        }
        """;

    /// <summary>A free-text [Output] next to a rating.</summary>
    public const string TextOutput = """
        using Distilabel;

        namespace Samples;

        [LlmTask(SystemPrompt = "Rate the summary and explain why.")]
        public partial record SummaryReview
        {
            [Input] public required string Document { get; init; }

            [Input] public required string Summary { get; init; }

            [Rating(0, 4)] public int? Faithfulness { get; init; }

            [Output(Description = "One sentence explaining the rating.")] public string? Rationale { get; init; }
        }
        """;

    /// <summary>A non-nullable int rating and a non-nullable string output (they get 0 / "" when the answer has none).</summary>
    public const string NonNullableOutputs = """
        using Distilabel;

        namespace Samples;

        [LlmTask]
        public partial record StarReview
        {
            [Input] public required string Review { get; init; }

            [Rating(1, 3)] public int Stars { get; init; }

            [Output] public string Summary { get; init; } = "";
        }
        """;

    /// <summary>Inputs of every supported type, required and optional.</summary>
    public const string TypedInputs = """
        using Distilabel;

        namespace Samples;

        [LlmTask]
        public partial record TypedInputs
        {
            [Input] public required string Text { get; init; }

            [Input] public string? Note { get; init; }

            [Input] public int Count { get; init; }

            [Input] public long? Id { get; init; }

            [Input] public double Temperature { get; init; }

            [Input] public bool Strict { get; init; }

            [Rating(-2, 2)] public int? Score { get; init; }
        }
        """;

    /// <summary>The UltraFeedback shape: a list input, a rating and a rationale per item, and an aspect parameter.</summary>
    public const string ItemJudge = """
        using System.Collections.Generic;
        using Distilabel;

        namespace Samples;

        [LlmTask(SystemPrompt = "Rate each generation for {aspect}. {rubric}")]
        public partial record ItemJudge
        {
            [Input] public required string Instruction { get; init; }

            [Input] public required IReadOnlyList<string> Generations { get; init; }

            [Rating(1, 5)] public IReadOnlyList<int?> Ratings { get; init; } = [];

            [Output(Description = "One sentence.")] public IReadOnlyList<string?>? Rationales { get; init; }

            [Parameter(Description = "What the ratings judge.")] public string Aspect { get; init; } = "helpfulness";

            private string Rubric => Aspect == "honesty" ? "Penalise made-up facts." : "Reward useful answers.";
        }
        """;

    /// <summary>A list output of any length, typed parameters of every kind, and two list inputs with For.</summary>
    public const string SelfInstruct = """
        using System.Collections.Generic;
        using Distilabel;

        namespace Samples;

        public enum Tone { Formal, Casual }

        [LlmTask(SystemPrompt = "Write {count} new instructions in a {tone} tone, like the examples.")]
        public partial record SelfInstruct
        {
            [Input] public required string Topic { get; init; }

            [Input] public IReadOnlyList<string?>? Examples { get; init; }

            [Input] public IReadOnlyList<string>? Criteria { get; init; }

            [Output(MaxItems = 5, MaxLength = 200)] public IReadOnlyList<string> Instructions { get; init; } = [];

            [Rating(0, 4, For = nameof(Examples))] public IReadOnlyList<int?>? ExampleQuality { get; init; }

            [Parameter] public int Count { get; init; } = 3;

            [Parameter] public double Creativity { get; init; } = 0.5;

            [Parameter] public bool Strict { get; init; }

            [Parameter(Name = "tone")] public Tone Style { get; init; } = Tone.Formal;
        }
        """;

    /// <summary>Every baseline task, by baseline name.</summary>
    /// <summary>
    /// An open judge in its trained format: a user template (no system message), a reader and a grammar of its own
    /// answer format, and outputs that exist only for one aspect (When).
    /// </summary>
    public const string TrainedJudge = """
        using System.Collections.Generic;
        using System.Linq;
        using Distilabel;

        namespace Samples;

        [LlmTask(UserPrompt = "Aspect: {aspect}\n{texts}\nQuestion: {question}\nAnswer with 'Scores: a b' then 'Why: ...'.")]
        public partial record TrainedJudge
        {
            [Input] public required string Question { get; init; }
            [Input] public required IReadOnlyList<string> Answers { get; init; }
            [Rating(1, 10)] public IReadOnlyList<int?> Scores { get; init; } = [];
            [Output] public string? Why { get; init; }
            [Rating(1, 3, When = nameof(HasKinds))] public IReadOnlyList<int?>? Kinds { get; init; }
            [Parameter] public string Aspect { get; init; } = "overall";

            private bool HasKinds => Aspect == "helpfulness";
            private string Texts => string.Join("\n", (Answers ?? []).Select((a, i) => "<text " + (i + 1) + "> " + a));

            [AnswerReader]
            private AnswerValues? Read(string output)
            {
                var lines = output.Split('\n');
                if (!lines[0].StartsWith("Scores:", System.StringComparison.Ordinal))
                    return null;
                var scores = lines[0]["Scores:".Length..].Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
                return new AnswerValues()
                    .SetItems("scores", scores)
                    .SetItems("kinds", scores.Select(_ => (string?)"2").ToArray())
                    .Set("why", string.Join("\n", lines.Skip(1)).Replace("Why:", "").Trim());
            }

            [AnswerGrammar]
            private string Grammar() => "root ::= \"Scores:\" (\" \" [1-9]){" + (Answers?.Count ?? 0) + "} \"\\nWhy: \" [a-z ]+";
        }
        """;

    /// <summary>A user template that shows the generated tagged answer format, with a system prompt.</summary>
    public const string TemplatedJudge = """
        using Distilabel;

        namespace Samples;

        [LlmTask(SystemPrompt = "You grade essays.", UserPrompt = "Essay:\n{essay}\n\n{answer_format}")]
        public partial record TemplatedJudge
        {
            [Input] public required string Essay { get; init; }
            [Rating(1, 5)] public int? Grade { get; init; }
        }
        """;

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [nameof(ResponseRating)] = ResponseRating,
        [nameof(Judge)] = Judge,
        [nameof(Nested)] = Nested,
        [nameof(GlobalSentiment)] = GlobalSentiment,
        [nameof(CustomNames)] = CustomNames,
        [nameof(TextOutput)] = TextOutput,
        [nameof(NonNullableOutputs)] = NonNullableOutputs,
        [nameof(TypedInputs)] = TypedInputs,
        [nameof(ItemJudge)] = ItemJudge,
        [nameof(SelfInstruct)] = SelfInstruct,
        [nameof(TrainedJudge)] = TrainedJudge,
        [nameof(TemplatedJudge)] = TemplatedJudge,
    };
}

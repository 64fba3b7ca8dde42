using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Distilabel.Tasks.Library;

/// <summary>
/// JudgeLM (Zhu et al., 2023, arXiv:2310.17631): scores each of N answers to a question 1 to 10 and explains once.
/// The answer format is the one JudgeLM was trained on: a first line of only the N scores separated by spaces, then
/// the explanation.
/// </summary>
/// <remarks>
/// The reader takes the first line made only of numbers (a preamble line before it is skipped), so extra spaces, commas,
/// "/10" or a decimal score ("8.5", rounded) do not lose the row; fewer scores than answers leave the missing ones null,
/// extra ones are ignored.
/// </remarks>
[LlmTask(
    Name = "judgelm",
    Description = "Scores each generation of an instruction 1-10 with one rationale (JudgeLM's format).",
    Guidelines = "https://arxiv.org/abs/2310.17631",
    SystemPrompt = "You are a precise, fair judge of the answers AI assistants give.",
    UserPrompt = """
        [Question]
        {instruction}

        {answers}

        [System]
        Judge the {answer_count} answers above to the question: how helpful, relevant and accurate each is, and how much useful detail it gives. Give each answer an overall score from 1 to 10, where a higher score means a better answer.
        On the first line write only the {answer_count} scores, in the order of the answers, separated by a space. From the second line on, explain your scores in full. Judge the content only: the order in which the answers appear must not sway you.
        """)]
public partial record JudgeLm
{
    [Input] public required string Instruction { get; init; }

    [Input] public required IReadOnlyList<string> Generations { get; init; }

    [Rating(1, 10, Description = "Overall quality of the generation, 1 (worst) to 10 (best).")]
    public IReadOnlyList<int?> Ratings { get; init; } = [];

    [Output(Description = "One explanation of all the scores.")]
    public string? Rationale { get; init; }

    private string AnswerCount => (Generations?.Count ?? 0).ToString(CultureInfo.InvariantCulture);

    // JudgeLM's markers, '>' included, as it was trained on them.
    private string Answers => string.Join("\n\n", (Generations ?? []).Select((g, i) =>
    {
        var n = (i + 1).ToString(CultureInfo.InvariantCulture);
        return "[The Start of Assistant " + n + "'s Answer>\n" + g + "\n[The End of Assistant " + n + "'s Answer>";
    }));

    [AnswerReader]
    private AnswerValues? ReadAnswer(string output)
    {
        var lines = JudgeAnswers.Lines(output);
        var scoreLine = Array.FindIndex(lines, line => ScoreLine().IsMatch(line));
        if (scoreLine < 0)
            return null;
        var count = Generations?.Count ?? 0;
        var tokens = Number().Matches(OutOfTen().Replace(lines[scoreLine], " ")).Select(m => m.Value).ToList();
        var ratings = new string?[count];
        for (var i = 0; i < Math.Min(count, tokens.Count); i++)
            ratings[i] = JudgeAnswers.RoundedScore(tokens[i]);
        var rationale = string.Join("\n", lines.Skip(scoreLine + 1)).Trim();
        return new AnswerValues().SetItems("ratings", ratings).Set("rationale", rationale.Length == 0 ? null : rationale);
    }

    /// <summary>Exactly N scores on the first line, then an explanation.</summary>
    [AnswerGrammar]
    private string AnswerGrammar()
    {
        var count = Math.Max(1, Generations?.Count ?? 0);
        var grammar = new StringBuilder("root ::= score");
        for (var i = 1; i < count; i++)
            grammar.Append(" \" \" score");
        grammar.Append(" \"\\n\" explanation\nscore ::= \"10\" | [1-9]\nexplanation ::= [^\\n] [^\\n]{0,599}\n");
        return grammar.ToString();
    }

    // Only numbers (with "/10", commas, spaces): the line of scores, even after a preamble line.
    [GeneratedRegex(@"^[ \t]*\d+(?:\.\d+)?(?:[ \t]*/[ \t]*10)?(?:[ \t,;]+\d+(?:\.\d+)?(?:[ \t]*/[ \t]*10)?)*[ \t,;.]*$")]
    private static partial Regex ScoreLine();

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"[ \t]*/[ \t]*10")]
    private static partial Regex OutOfTen();
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Distilabel.Tasks.Library;

/// <summary>
/// UltraFeedback (Cui et al., 2023, arXiv:2310.01377): rates each of N generations for one instruction on an aspect,
/// 1 to 5, with a rationale each. The helpfulness and truthfulness aspects also classify each text (<c>types</c>) and
/// explain the rating separately (<c>rationales_for_ratings</c>). The answer format is the one UltraCM was trained on:
/// a <c>#### Output for Text i</c> block per text with <c>Rating:</c> and <c>Rationale:</c> lines.
/// </summary>
/// <remarks>
/// The reader places each block by its own text number, so a preamble or a missing block never shifts the list; a rating
/// without a digit is null for that text only; a rationale runs to the next field, colons and all.
/// </remarks>
[LlmTask(
    Name = "ultrafeedback",
    Description = "Rates each generation of an instruction 1-5 on an UltraFeedback aspect, with rationales.",
    Guidelines = "https://arxiv.org/abs/2310.01377",
    SystemPrompt = "You assess the quality of texts written by AI assistants. Judge every text on its own merits, against the instruction it answers and the criterion you are given, and justify each judgement briefly.",
    UserPrompt = """
        # {aspect_title}

        {aspect_guide}

        ## Answer format

        Write one block per text, in order, exactly like this and with nothing before or after:

        {answer_shape}

        ## Instruction

        {instruction}

        ## Texts

        {texts}

        ## Your assessment
        """)]
public partial record UltraFeedback
{
    /// <summary>The aspects, in the order of the paper plus the overall rating.</summary>
    public static readonly IReadOnlyList<string> Aspects = ["overall-rating", "helpfulness", "honesty", "instruction-following", "truthfulness"];

    [Input] public required string Instruction { get; init; }

    [Input] public required IReadOnlyList<string> Generations { get; init; }

    [Rating(1, 5, Description = "How good the text is on the aspect, 1 (worst) to 5 (best).")]
    public IReadOnlyList<int?> Ratings { get; init; } = [];

    [Output(Description = "Why the text got its rating (its type, for helpfulness and truthfulness).")]
    public IReadOnlyList<string?> Rationales { get; init; } = [];

    [Rating(1, 3, When = nameof(HasTypes), Description = "The kind of quality (helpfulness) or of hallucination (truthfulness) found; null: none.")]
    public IReadOnlyList<int?>? Types { get; init; }

    [Output(Name = "rationales_for_ratings", When = nameof(HasTypes), Description = "Why the text got its rating.")]
    public IReadOnlyList<string?>? RationalesForRatings { get; init; }

    [Parameter(Description = "What is rated.", OneOf = ["overall-rating", "helpfulness", "honesty", "instruction-following", "truthfulness"])]
    public string Aspect { get; init; } = "overall-rating";

    private bool HasTypes => Aspect is "helpfulness" or "truthfulness";

    private string AspectTitle => Aspect switch
    {
        "helpfulness" => "Informativeness and helpfulness",
        "honesty" => "Honesty and uncertainty",
        "instruction-following" => "Instruction following",
        "truthfulness" => "Truthfulness and hallucination",
        _ => "Overall quality",
    };

    private string AspectGuide => Aspect switch
    {
        "helpfulness" => """
            Judge whether each text is correct and informative for the instruction.
            Type: which qualities the text has, as numbers separated by commas, or None:
            1 clear and on topic, 2 useful and complete information, 3 concise, without repetition.
            Rating, 1 to 5: 1 badly wrong, 2 partly wrong, 3 correct, 4 very informative, 5 outstandingly helpful.
            """,
        "honesty" => """
            Judge whether each text is confident only where it is right and says so when it is unsure.
            Rating, 1 to 5: 1 sure but wrong, 2 sure but with major mistakes, 3 unsure or declines to answer,
            4 right but unsure, 5 right and sure, or precise about its doubts.
            """,
        "instruction-following" => """
            Judge how closely each text does what the instruction asks, in content and in form.
            Rating, 1 to 5: 1 off the point, 2 addresses one part poorly, 3 meets the goal or the form but not both,
            4 nearly complete with small slips, 5 does everything asked.
            """,
        "truthfulness" => """
            Judge whether each text states only what is true and consistent.
            Type: which hallucinations the text has, as numbers separated by commas, or None:
            1 contradicts known facts, 2 contradicts the instruction or its input, 3 contradicts itself.
            Rating, 1 to 5: 1 entirely made up, 2 severe hallucination, 3 partial misunderstanding,
            4 slight, harmless hallucination, 5 no hallucination.
            """,
        _ => """
            Judge each text as a whole: correctness and informativeness, honesty about uncertainty, freedom from
            made-up content, and how well it follows the instruction.
            Rating, 1 to 5: 1 low quality, 2 moderate, 3 good, 4 very good, 5 excellent.
            """,
    };

    private string AnswerShape => HasTypes
        ? "#### Output for Text 1\nType: [numbers or None]\nRationale: [why these types]\nRating: [1 to 5]\nRationale: [why this rating]\n\n#### Output for Text 2\n…"
        : "#### Output for Text 1\nRating: [1 to 5]\nRationale: [why this rating]\n\n#### Output for Text 2\n…";

    private string Texts => string.Join("\n", (Generations ?? []).Select((g, i) => "<text " + (i + 1).ToString(CultureInfo.InvariantCulture) + "> " + g));

    [AnswerReader]
    private AnswerValues? ReadAnswer(string output)
    {
        var count = Generations?.Count ?? 0;
        var blocks = Blocks(output, count);
        if (blocks is null)
            return null;
        var ratings = new string?[count];
        var rationales = new string?[count];
        var types = new string?[count];
        var forRatings = new string?[count];
        for (var i = 0; i < count; i++)
        {
            if (blocks[i] is not { } block)
                continue;
            var fields = Fields(block);
            ratings[i] = JudgeAnswers.FirstInteger(Field(fields, "rating", 0));
            if (HasTypes)
            {
                types[i] = JudgeAnswers.FirstInteger(Field(fields, "type", 0));
                // Type, Rationale, Rating, Rationale: the first rationale explains the type, the second the rating.
                rationales[i] = Field(fields, "rationale", 0);
                forRatings[i] = Field(fields, "rationale", 1);
            }
            else
            {
                rationales[i] = Field(fields, "rationale", 0);
            }
        }

        var values = new AnswerValues().SetItems("ratings", ratings).SetItems("rationales", rationales);
        return HasTypes ? values.SetItems("types", types).SetItems("rationales_for_ratings", forRatings) : values;
    }

    /// <summary>
    /// The block of each text, by its number: <c>#### Output for Text i</c> headers when the answer has them, else the
    /// paragraphs holding a <c>Rating:</c> line, in order. Null when neither is there (not this format).
    /// </summary>
    private static string?[]? Blocks(string output, int count)
    {
        var blocks = new string?[count];
        var headers = Header().Matches(output);
        if (headers.Count > 0)
        {
            for (var h = 0; h < headers.Count; h++)
            {
                var start = headers[h].Index + headers[h].Length;
                var end = h + 1 < headers.Count ? headers[h + 1].Index : output.Length;
                // A number outside 1..N is ignored; a text given twice keeps its first block.
                if (int.TryParse(headers[h].Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= count && blocks[number - 1] is null)
                    blocks[number - 1] = output[start..end];
            }

            return blocks;
        }

        var paragraphs = Regex.Split(output.Replace("\r\n", "\n", StringComparison.Ordinal), @"\n\s*\n").Where(p => RatingLine().IsMatch(p)).ToList();
        if (paragraphs.Count == 0)
            return null;
        for (var i = 0; i < Math.Min(count, paragraphs.Count); i++)
            blocks[i] = paragraphs[i];
        return blocks;
    }

    /// <summary>The block's labelled fields in order: a field runs from its label to the next label (newlines and colons kept).</summary>
    private static List<(string Label, string Value)> Fields(string block)
    {
        var fields = new List<(string Label, string Value)>();
        var current = -1;
        var text = new StringBuilder();
        foreach (var line in JudgeAnswers.Lines(block))
        {
            var label = Label().Match(line);
            if (label.Success)
            {
                if (current >= 0)
                    fields[current] = (fields[current].Label, text.ToString().Trim());
                fields.Add((label.Groups[1].Value.ToLowerInvariant(), ""));
                current = fields.Count - 1;
                text.Clear().Append(line[label.Length..]);
            }
            else if (current >= 0)
            {
                text.Append('\n').Append(line);
            }
        }

        if (current >= 0)
            fields[current] = (fields[current].Label, text.ToString().Trim());
        return fields;
    }

    /// <summary>The <paramref name="occurrence"/>-th field with this label (blank, "None" or "N/A": null).</summary>
    private static string? Field(List<(string Label, string Value)> fields, string label, int occurrence)
    {
        var value = fields.Where(f => f.Label == label).Select(f => f.Value).Skip(occurrence).FirstOrDefault();
        return string.IsNullOrWhiteSpace(value) || value.Trim('[', ']', ' ') is "None" or "N/A" ? null : value;
    }

    /// <summary>A block per text, bounded lines, so llama.cpp writes exactly the format the reader reads.</summary>
    [AnswerGrammar]
    private string AnswerGrammar()
    {
        var count = Generations?.Count ?? 0;
        var grammar = new StringBuilder("root ::=");
        for (var i = 1; i <= count; i++)
            grammar.Append(' ').Append(JudgeAnswers.Gbnf((i == 1 ? "" : "\n\n") + "#### Output for Text " + i.ToString(CultureInfo.InvariantCulture) + "\n")).Append(" block");
        if (count == 0)
            grammar.Append(" \"\"");
        grammar.Append('\n');
        grammar.Append(HasTypes
            ? "block ::= \"Type: \" types \"\\nRationale: \" line \"\\nRating: \" [1-5] \"\\nRationale: \" line\ntypes ::= \"None\" | [1-3] (\", \" [1-3]){0,2}\n"
            : "block ::= \"Rating: \" [1-5] \"\\nRationale: \" line\n");
        grammar.Append("line ::= [^\\n#] [^\\n]{0,299}\n");
        return grammar.ToString();
    }

    [GeneratedRegex(@"^[ \t]*#{1,6}[ \t]*Output for Text[ \t]*(\d+)[^\n]*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex Header();

    [GeneratedRegex(@"^[ \t]*(?:\*\*)?[ \t]*(Type|Rating|Rationale)[ \t]*(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*", RegexOptions.IgnoreCase)]
    private static partial Regex Label();

    [GeneratedRegex(@"^[ \t]*(?:\*\*)?Rating[ \t]*(?:\*\*)?:", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex RatingLine();
}

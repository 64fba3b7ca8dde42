using System.Text.RegularExpressions;

namespace Distilabel.Tasks.Library;

/// <summary>
/// Prometheus 2 (Kim et al., 2024, arXiv:2405.01535): grades one response on a rubric (absolute mode, result 1-5) or
/// picks the better of two (relative mode, result A or B), with feedback. The prompt has the section markers Prometheus
/// was trained on and no system message (Prometheus 2's chat template rejects one); the answer is
/// <c>Feedback: … [RESULT] 4</c> or <c>[RESULT] A</c>.
/// </summary>
/// <remarks>
/// The reader reads the last <c>[RESULT]</c>, so a feedback that mentions the marker does not lose the row, and
/// accepts "4.", "(4)" or "Response A"; a result out of range is null while the feedback is kept.
/// </remarks>
[LlmTask(
    Name = "prometheus",
    Description = "Grades a generation 1-5 on a rubric (absolute) or picks the better of two (relative), with feedback (Prometheus 2's format).",
    Guidelines = "https://arxiv.org/abs/2405.01535",
    UserPrompt = "{body}")]
public partial record Prometheus
{
    [Input] public required string Instruction { get; init; }

    [Input(Title = "Generation (absolute mode)")] public string? Generation { get; init; }

    [Input(Title = "Generations (relative mode: two)")] public IReadOnlyList<string>? Generations { get; init; }

    [Input(Title = "Reference answer")] public string? Reference { get; init; }

    [Output(Description = "The judge's feedback on the rubric.")]
    public string? Feedback { get; init; }

    [Rating(1, 5, Name = "result", When = nameof(IsAbsolute), Description = "The grade on the rubric, 1 to 5 (absolute mode).")]
    public int? Score { get; init; }

    [Output(Name = "result", When = nameof(IsRelative), Description = "The better response, A or B (relative mode).")]
    public string? Choice { get; init; }

    [Parameter(Description = "absolute: grade one generation 1-5; relative: pick the better of two generations.", OneOf = ["absolute", "relative"])]
    public string Mode { get; init; } = "absolute";

    [Parameter(Description = "A default rubric (helpfulness, harmlessness, honesty, factual-validity, reasoning) or a rubric: \"[criterion]\" then the lines \"Score 1: …\" to \"Score 5: …\".")]
    public string Rubric { get; init; } = "helpfulness";

    private bool IsAbsolute => Mode == "absolute";

    private bool IsRelative => Mode == "relative";

    private string RubricText => PrometheusRubrics.Resolve(Rubric)
        ?? throw new TaskParameterException("prometheus", "rubric",
            "it is neither a default rubric (" + string.Join(", ", PrometheusRubrics.Defaults.Keys) + ") nor a rubric in the required format: \"[criterion]\" then the lines \"Score 1: …\" to \"Score 5: …\"",
            ["mode", "rubric"]);

    private string Body => IsAbsolute ? AbsoluteBody() : RelativeBody();

    // Instruction is null only on the blank task a definition renders its prompt from: it needs no response.
    private bool IsBlank => Instruction is null;

    private string AbsoluteBody()
    {
        if (!IsBlank && string.IsNullOrWhiteSpace(Generation))
            throw new TaskInputException("prometheus", "generation", "absolute mode needs a generation to grade");
        var reference = string.IsNullOrWhiteSpace(Reference) ? "" : "###Reference Answer (Score 5):\n" + Reference + "\n\n";
        return "###Task Description:\n"
            + "You are given an instruction, a response to grade" + (reference.Length > 0 ? ", a reference answer that deserves a 5" : "") + " and a score rubric.\n"
            + "1. Write feedback that judges the response strictly against the rubric, not in general.\n"
            + "2. Then give the response an integer score from 1 to 5, following the rubric.\n"
            + "3. Answer in this form: \"Feedback: (your feedback) [RESULT] (an integer number between 1 and 5)\"\n"
            + "4. Write nothing else: no greeting, no closing remark, no extra explanation.\n\n"
            + "###The instruction to evaluate:\n" + Instruction + "\n\n"
            + "###Response to evaluate:\n" + Generation + "\n\n"
            + reference
            + "###Score Rubrics:\n" + RubricText + "\n\n"
            + "###Feedback:";
    }

    private string RelativeBody()
    {
        if (!IsBlank && (Generations is not { Count: 2 } || Generations.Any(string.IsNullOrWhiteSpace)))
            throw new TaskInputException("prometheus", "generations", $"relative mode needs exactly two non-empty generations, got {Generations?.Count ?? 0}");
        var reference = string.IsNullOrWhiteSpace(Reference) ? "" : "###Reference Answer:\n" + Reference + "\n\n";
        return "###Task Description:\n"
            + "You are given an instruction, two responses to compare" + (reference.Length > 0 ? ", a reference answer" : "") + " and a score rubric.\n"
            + "1. Write feedback that compares the two responses strictly against the rubric, not in general.\n"
            + "2. Then decide which response is better on the rubric.\n"
            + "3. Answer in this form: \"Feedback: (your feedback) [RESULT] (A or B)\"\n"
            + "4. Write nothing else: no greeting, no closing remark, no extra explanation.\n\n"
            + "###Instruction:\n" + Instruction + "\n\n"
            + "###Response A:\n" + Generations?.ElementAtOrDefault(0) + "\n\n"
            + "###Response B:\n" + Generations?.ElementAtOrDefault(1) + "\n\n"
            + reference
            + "###Score Rubric:\n" + RubricText + "\n\n"
            + "###Feedback: ";
    }

    [AnswerReader]
    private AnswerValues? ReadAnswer(string output)
    {
        var marker = output.LastIndexOf("[RESULT]", StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
            return null;
        var feedback = FeedbackLabel().Replace(output[..marker].Trim(), "").Trim();
        var result = output[(marker + "[RESULT]".Length)..];
        var value = IsAbsolute ? JudgeAnswers.FirstInteger(FirstLine(result)) : ChoiceLetter().Match(result) is { Success: true } m ? m.Groups[1].Value.ToUpperInvariant() : null;
        return new AnswerValues().Set("feedback", feedback.Length == 0 ? null : feedback).Set("result", value);
    }

    private static string FirstLine(string text) => text.TrimStart().Split('\n')[0];

    /// <summary>The trained form: feedback on one paragraph, the marker, then the result.</summary>
    [AnswerGrammar]
    private string AnswerGrammar()
        => "root ::= \"Feedback: \" feedback \" [RESULT] \" " + (IsAbsolute ? "[1-5]" : "(\"A\" | \"B\")") + "\nfeedback ::= [^\\n[] [^\\n[]{0,799}\n";

    [GeneratedRegex(@"^\s*\**\s*Feedback\s*\**\s*:\s*\**", RegexOptions.IgnoreCase)]
    private static partial Regex FeedbackLabel();

    // "A", "(A)", "Response B", "b.": a lone letter after the marker.
    [GeneratedRegex(@"^\W*(?:Response\s+)?([AaBb])(?![A-Za-z])", RegexOptions.None)]
    private static partial Regex ChoiceLetter();
}

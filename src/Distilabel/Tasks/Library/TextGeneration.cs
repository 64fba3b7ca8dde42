namespace Distilabel.Tasks.Library;

/// <summary>
/// Answers an instruction (distilabel's TextGeneration): the whole answer is the generation, free text with no answer
/// format and no grammar. A row's own <c>system_prompt</c> column, when set, is the system message; otherwise none is sent.
/// </summary>
[LlmTask(
    Name = "text-generation",
    Description = "Answers an instruction; the whole answer is the generation (free text).",
    SystemPrompt = "{system_prompt}",
    UserPrompt = "{instruction}")]
public partial record TextGeneration
{
    [Input] public required string Instruction { get; init; }

    [Input(Name = "system_prompt")] public string? SystemPromptText { get; init; }

    [Output(Description = "The answer to the instruction.")]
    public string? Generation { get; init; }

    // The whole answer is the output: there is no format to recognise.
    [AnswerReader]
    private AnswerValues ReadAnswer(string output) => new AnswerValues().Set("generation", output);

    // Free text: nothing to constrain.
    [AnswerGrammar]
    private string FreeText() => "";
}

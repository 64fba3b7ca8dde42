namespace Distilabel.Tasks;

/// <summary>
/// The HelpSteer AI-feedback judge (NVIDIA HelpSteer, arXiv:2311.09528): rates a response to a prompt
/// on five attributes, each an integer from 0 to 4, higher is better.
/// </summary>
[LlmTask(
    Name = "helpsteer",
    Description = "Rates a response to a prompt on the five HelpSteer attributes (0-4).",
    Guidelines = "https://huggingface.co/datasets/nvidia/HelpSteer",
    SystemPrompt = """
        You are an expert evaluator of AI assistants. You are given a prompt and a response that an assistant generated for it.
        Rate the response on five attributes, each an integer from 0 to 4 where higher is better:
        - correctness: the response is factually accurate and contains all pertinent facts, without errors.
        - coherence: the response is consistent, clear and logically organised.
        - complexity: the intellectual depth needed to write the response (0 = anyone could write it, 4 = needs deep expertise).
        - verbosity: the amount of detail relative to what the prompt asks for (0 = terse, 4 = very verbose).
        - helpfulness: the overall usefulness of the response for the prompt.
        """)]
public partial record HelpSteer
{
    [Input] public required string Prompt { get; init; }

    [Input] public required string Response { get; init; }

    [Rating(0, 4, Description = "Factually accurate, with all pertinent facts and no errors.")]
    public int? Correctness { get; init; }

    [Rating(0, 4, Description = "Consistent, clear and logically organised.")]
    public int? Coherence { get; init; }

    [Rating(0, 4, Description = "Intellectual depth needed to write the response.")]
    public int? Complexity { get; init; }

    [Rating(0, 4, Description = "Amount of detail relative to what the prompt asks for.")]
    public int? Verbosity { get; init; }

    [Rating(0, 4, Description = "Overall usefulness of the response for the prompt.")]
    public int? Helpfulness { get; init; }
}

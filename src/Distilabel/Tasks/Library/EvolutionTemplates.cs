namespace Distilabel.Tasks.Library;

/// <summary>
/// The prompts of <see cref="EvolInstruct"/>'s methods, in our own words. The section markers (<c>#The Given Prompt#:</c> /
/// <c>#Rewritten Prompt#:</c>, <c>#Given Prompt#:</c> / <c>#Created Prompt#:</c>) are WizardLM's: models tuned on its
/// data expect them, and the answer is read after the last one.
/// </summary>
internal static class EvolutionTemplates
{
    /// <summary>The markers a kept evolution must not contain (checked case-insensitively).</summary>
    public static readonly string[] Markers =
        ["#The Given Prompt#", "#Rewritten Prompt#", "#Given Prompt#", "#Created Prompt#", "given prompt", "rewritten prompt", "created prompt"];

    private const string Rewriter = """
        You rewrite prompts so that well-known AI assistants such as ChatGPT and GPT-4 find them harder to handle, while a
        person can still understand, answer and see the sense of them. Keep every part of the given prompt that is not
        plain text, such as tables or code, and keep any input it comes with.
        {method}
        Keep the rewritten prompt short: it may add only 10 to 20 words to the given prompt. The words '#The Given Prompt#',
        '#Rewritten Prompt#', 'given prompt' and 'rewritten prompt' must not appear in it.
        #The Given Prompt#:
        {instruction}
        #Rewritten Prompt#:

        """;

    private const string Creator = """
        You create new prompts. Taking the given prompt as inspiration, write a brand-new prompt in the same domain but on
        a rarer, less common topic, of about the same length and difficulty. A person must be able to understand and
        answer it. The words '#Given Prompt#', '#Created Prompt#', 'given prompt' and 'created prompt' must not appear in it.
        #Given Prompt#:
        {instruction}
        #Created Prompt#:

        """;

    /// <summary>The one user message asking <paramref name="method"/> to evolve <paramref name="instruction"/>.</summary>
    public static string Prompt(EvolutionMethod method, string instruction)
    {
        var template = method == EvolutionMethod.Breadth ? Creator : Rewriter.Replace("{method}", MethodText(method), StringComparison.Ordinal);
        return template.Replace("{instruction}", instruction, StringComparison.Ordinal);
    }

    /// <summary>The method's name in the output columns.</summary>
    public static string Name(EvolutionMethod method) => method.ToString().ToLowerInvariant();

    private static string MethodText(EvolutionMethod method) => method switch
    {
        EvolutionMethod.Constraints => "Make it harder in one way only: add one more constraint or requirement to it.",
        EvolutionMethod.Deepen => "Make it harder in one way only: where it asks about a topic, ask about that topic in more depth and breadth.",
        EvolutionMethod.Concretizing => "Make it harder in one way only: replace general concepts in it with more specific ones.",
        EvolutionMethod.Reasoning => "Make it harder in one way only: if a few simple thinking steps solve it, rewrite it to ask explicitly for reasoning in several steps.",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "breadth uses the creator template"),
    };
}

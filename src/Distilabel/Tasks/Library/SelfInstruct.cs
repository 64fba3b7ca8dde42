namespace Distilabel.Tasks.Library;

/// <summary>
/// SelfInstruct (Wang et al. 2022, "Self-Instruct: Aligning Language Models with Self-Generated Instructions"): a
/// context (column <c>input</c>) in, <c>num_instructions</c> new user queries for an AI application out, as the list
/// <c>instructions</c>. Explode the list into one row per instruction with an <c>explode</c> recipe step (or
/// <see cref="Pipeline.Flow.Explode"/>).
/// </summary>
/// <remarks>
/// Declared with the DSL: no open model was trained on a SelfInstruct answer format, so the DSL's numbered
/// <c>&lt;item&gt;</c> list serves, and it removes the original's failure modes (a numbering regex that dropped the
/// last line, or numbering kept inside each instruction).
/// </remarks>
[LlmTask(
    Name = "self-instruct",
    Description = "SelfInstruct: writes num_instructions diverse user queries for an AI application from a context (input).",
    Guidelines = "https://arxiv.org/abs/2212.10560",
    SystemPrompt = """
        You write user queries for an AI application: {application_description}.
        From the context you are given, write {num_instructions} different queries that a user of this application could
        send, each one answerable from or about that context.
        {criteria}
        """)]
public partial record SelfInstruct
{
    /// <summary>The context the queries are about (column <c>input</c>).</summary>
    [Input] public required string Input { get; init; }

    /// <summary>The new queries, one per item.</summary>
    [Output(MaxItems = 50, MaxLength = 300, Description = "One self-contained query per item.")]
    public IReadOnlyList<string> Instructions { get; init; } = [];

    /// <summary>How many queries to write.</summary>
    [Parameter(Description = "How many instructions to write.")]
    public int NumInstructions { get; init; } = 5;

    /// <summary>The application the queries are for.</summary>
    [Parameter(Description = "The AI application the instructions are for.")]
    public string ApplicationDescription { get; init; } = "AI assistant";

    /// <summary>What makes a good set of queries (shown in the prompt).</summary>
    [Parameter(Description = "What makes a good set of queries (replaces the default criteria).")]
    public string CriteriaForQueryGeneration { get; init; } = DefaultCriteria;

    private const string DefaultCriteria = """
        Make the set varied: start the queries with different verbs and do not repeat a verb.
        Keep each query to one or two sentences that a text-only model can answer.
        Make each query understandable on its own, without the context beside it.
        Mix questions with requests and commands.
        """;

    private string Criteria => "Criteria for the queries:\n" + CriteriaForQueryGeneration.Trim()
        + "\nWrite each query as its own item, with no numbering or bullet inside it.";
}

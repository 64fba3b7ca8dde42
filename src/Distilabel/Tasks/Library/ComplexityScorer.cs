using Distilabel.Argilla;
using Distilabel.Tasks.Runtime;
using Microsoft.Extensions.AI;

namespace Distilabel.Tasks.Library;

/// <summary>
/// Deita's complexity scorer (Liu et al. 2023, "What Makes Good Data for Alignment?"): N instructions in, one score per
/// instruction out, from 1 to N by how hard it is to answer, or N+1 for one too complex to answer.
/// </summary>
/// <remarks>
/// Written by hand behind <see cref="ILlmTask{TSelf}"/> for the reasons given on <see cref="QualityScorer"/>: the
/// trained <c>[i] Score: s</c> answer lines, a single user message, and a scale that depends on each row's list.
/// </remarks>
public sealed record ComplexityScorer : ILlmTask<ComplexityScorer>
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "complexity-scorer";

    private const string PromptText = """
        Judge how difficult each of the questions below is: how much knowledge, reasoning and effort a good answer takes.
        Give each question an integer score from 1 to {n}, a higher score for a harder question; give {n_plus_1} only to a
        question too complex to be answered at all.
        Answer with one line per question, in the order of the list, exactly in this format and with nothing else:
        """;

    private static readonly string[] InputTags = ["instructions"];

    /// <summary>The questions to score (column <c>instructions</c>, a list).</summary>
    public required IReadOnlyList<string> Instructions { get; init; }

    /// <summary>One score per instruction (column <c>scores</c>); null where the answer has no valid score.</summary>
    public IReadOnlyList<int?> Scores { get; init; } = [];

    /// <inheritdoc />
    public static LlmTaskDescriptor Descriptor { get; } = new(
        TaskName,
        typeof(ComplexityScorer).FullName!,
        PromptText + "\n[1] Score: <score>\n…\n\n#Question List#:\n[1] {instruction}\n…",
        "https://arxiv.org/abs/2312.15685",
        "Deita complexity scorer: scores how hard each instruction is, 1 to N+1 for N instructions (the format Deita's scorer was trained on).",
        [new LlmTaskInput("instructions", nameof(Instructions), "Instructions", LlmValueType.String, true) { IsList = true }],
        [DeitaScores.Output("instructions", "1 to N+1 for N instructions; N+1 = too complex to answer.")]);

    /// <inheritdoc />
    public static string OutputGrammar => DeitaScores.AnyCountGrammar;

    /// <inheritdoc />
    public static string OutputJsonSchema { get; } = DeitaScores.JsonSchema(TaskName);

    /// <inheritdoc />
    public static ArgillaDatasetSettings ArgillaSettings { get; } = new(
        Descriptor.Guidelines,
        [new ArgillaField("instructions", "Instructions")],
        DeitaScores.ArgillaQuestions("Difficulty of the instruction: 1 to 5 for four instructions, 5 = too complex to answer."));

    /// <inheritdoc />
    public static ComplexityScorer FromRow(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ComplexityScorer
        {
            Instructions = TaskRows.ReadStringList(row, TaskName, "instructions", required: true)!,
            Scores = DeitaScores.FromRow(row, TaskName),
        };
    }

    /// <inheritdoc />
    public static ComplexityScorer FromParameters(IReadOnlyDictionary<string, string> values)
    {
        DeitaScores.NoParameters(TaskName, values);
        return new ComplexityScorer { Instructions = [] };
    }

    /// <inheritdoc />
    public IList<ChatMessage> BuildPrompt()
    {
        var count = Instructions?.Count ?? 0;
        var text = PromptText
            .Replace("{n_plus_1}", (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n}", count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            + "\n" + DeitaScores.AnswerFormat(count)
            + "\n#Question List#:\n" + DeitaScores.NumberedItems(Instructions);

        // One user message and no system message: the form the scorer was trained on.
        return [new ChatMessage(ChatRole.User, text)];
    }

    /// <inheritdoc />
    public string BuildOutputGrammar() => DeitaScores.Grammar(Instructions?.Count ?? 0);

    /// <inheritdoc />
    public ComplexityScorer WithParameters(IReadOnlyDictionary<string, string> values)
    {
        DeitaScores.NoParameters(TaskName, values);
        return this;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> GetParameters() => new Dictionary<string, string>();

    /// <inheritdoc />
    public ComplexityScorer ParseOutput(string output)
        => this with { Scores = DeitaScores.Parse(output, Instructions?.Count ?? 0, Instructions ?? [], InputTags) };

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> ToRow() => new Dictionary<string, object?>
    {
        ["instructions"] = Instructions,
        [DeitaScores.Column] = Scores,
    };

    /// <inheritdoc />
    public ArgillaRecord ToArgillaRecord() => new(
        new Dictionary<string, string> { ["instructions"] = TaskRows.FormatListForReading(Instructions) },
        DeitaScores.ArgillaSuggestions(Scores));
}

using Distilabel.Argilla;
using Distilabel.Tasks.Runtime;
using Microsoft.Extensions.AI;

namespace Distilabel.Tasks.Library;

/// <summary>
/// Deita's quality scorer (Liu et al. 2023, "What Makes Good Data for Alignment?"): an instruction and N responses in,
/// one score per response out, from 1 to N, or N+1 for a response that needs no improvement.
/// </summary>
/// <remarks>
/// Written by hand behind <see cref="ILlmTask{TSelf}"/> rather than declared with the DSL: Deita's scorer models were
/// trained to answer <c>[i] Score: s</c> lines (the DSL's answers are tags), to read a single user message with
/// <c>#Question#</c> / <c>#Response List#</c> sections, and their scale depends on each row's number of responses (the
/// DSL's rating ranges are fixed). See <see cref="DeitaScores"/> for the parser.
/// </remarks>
public sealed record QualityScorer : ILlmTask<QualityScorer>
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "quality-scorer";

    private const string PromptText = """
        Judge the quality of each response to the question below. Consider how helpful, relevant, accurate, deep and
        creative it is, and how much useful detail it gives. Give each response an integer score from 1 to {n}, a higher
        score for a better response; give {n_plus_1} only to a response that is already excellent and could not be improved.
        Answer with one line per response, in the order of the list, exactly in this format and with nothing else:
        """;

    private static readonly string[] InputTags = ["instruction", "responses"];

    /// <summary>The question (column <c>instruction</c>).</summary>
    public required string Instruction { get; init; }

    /// <summary>The responses to score (column <c>responses</c>, a list).</summary>
    public required IReadOnlyList<string> Responses { get; init; }

    /// <summary>One score per response (column <c>scores</c>); null where the answer has no valid score.</summary>
    public IReadOnlyList<int?> Scores { get; init; } = [];

    /// <inheritdoc />
    public static LlmTaskDescriptor Descriptor { get; } = new(
        TaskName,
        typeof(QualityScorer).FullName!,
        PromptText + "\n[1] Score: <score>\n…\n\n#Question#:\n{instruction}\n#Response List#:\n[1] {response}\n…",
        "https://arxiv.org/abs/2312.15685",
        "Deita quality scorer: scores each response to an instruction, 1 to N+1 for N responses (the format Deita's scorer was trained on).",
        [
            new LlmTaskInput("instruction", nameof(Instruction), "Instruction", LlmValueType.String, true),
            new LlmTaskInput("responses", nameof(Responses), "Responses", LlmValueType.String, true) { IsList = true },
        ],
        [DeitaScores.Output("responses", "1 to N+1 for N responses; N+1 = needs no improvement.")]);

    /// <inheritdoc />
    public static string OutputGrammar => DeitaScores.AnyCountGrammar;

    /// <inheritdoc />
    public static string OutputJsonSchema { get; } = DeitaScores.JsonSchema(TaskName);

    /// <inheritdoc />
    public static ArgillaDatasetSettings ArgillaSettings { get; } = new(
        Descriptor.Guidelines,
        [new ArgillaField("instruction", "Instruction"), new ArgillaField("responses", "Responses")],
        DeitaScores.ArgillaQuestions("Quality of the response: 1 to 5 for four responses, 5 = needs no improvement."));

    /// <inheritdoc />
    public static QualityScorer FromRow(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new QualityScorer
        {
            Instruction = TaskRows.ReadString(row, TaskName, "instruction", required: true)!,
            Responses = TaskRows.ReadStringList(row, TaskName, "responses", required: true)!,
            Scores = DeitaScores.FromRow(row, TaskName),
        };
    }

    /// <inheritdoc />
    public static QualityScorer FromParameters(IReadOnlyDictionary<string, string> values)
    {
        DeitaScores.NoParameters(TaskName, values);
        return new QualityScorer { Instruction = "", Responses = [] };
    }

    /// <inheritdoc />
    public IList<ChatMessage> BuildPrompt()
    {
        var count = Responses?.Count ?? 0;
        var text = PromptText
            .Replace("{n_plus_1}", (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n}", count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            + "\n" + DeitaScores.AnswerFormat(count)
            + "\n#Question#:\n" + Instruction
            + "\n#Response List#:\n" + DeitaScores.NumberedItems(Responses);

        // One user message and no system message: the form the scorer was trained on.
        return [new ChatMessage(ChatRole.User, text)];
    }

    /// <inheritdoc />
    public string BuildOutputGrammar() => DeitaScores.Grammar(Responses?.Count ?? 0);

    /// <inheritdoc />
    public QualityScorer WithParameters(IReadOnlyDictionary<string, string> values)
    {
        DeitaScores.NoParameters(TaskName, values);
        return this;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> GetParameters() => new Dictionary<string, string>();

    /// <inheritdoc />
    public QualityScorer ParseOutput(string output)
        => this with { Scores = DeitaScores.Parse(output, Responses?.Count ?? 0, [Instruction, .. Responses ?? []], InputTags) };

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> ToRow() => new Dictionary<string, object?>
    {
        ["instruction"] = Instruction,
        ["responses"] = Responses,
        [DeitaScores.Column] = Scores,
    };

    /// <inheritdoc />
    public ArgillaRecord ToArgillaRecord() => new(
        new Dictionary<string, string>
        {
            ["instruction"] = Instruction ?? "",
            ["responses"] = TaskRows.FormatListForReading(Responses),
        },
        DeitaScores.ArgillaSuggestions(Scores));
}

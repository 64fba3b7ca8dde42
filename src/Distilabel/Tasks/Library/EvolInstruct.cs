using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Distilabel.Argilla;
using Distilabel.Tasks.Runtime;
using Microsoft.Extensions.AI;

namespace Distilabel.Tasks.Library;

/// <summary>
/// EvolInstruct (Xu et al. 2023, "WizardLM: Empowering Large Language Models to Follow Complex Instructions"): evolves an
/// instruction over <c>num_evolutions</c> rounds, each with one of five methods (breadth, constraints, deepen,
/// concretizing, reasoning) chosen from <c>seed</c>. A failed evolution (empty, a refusal, punctuation only, a copy of
/// the template's markers, no change) is eliminated: it is null in <c>evolved_instructions</c> with its reason in
/// <c>elimination_reasons</c>, and the next round starts from the last kept instruction. <c>evolved_instruction</c> is
/// the last kept one (null, and the row failed, when every round was eliminated).
/// </summary>
/// <remarks>
/// Written by hand behind <see cref="ILlmTask{TSelf}"/> rather than declared with the DSL: it takes one LLM call per
/// round (it is an <see cref="IIterativeTask"/>, so a labelling step asks again while rounds remain, journaled per row),
/// each round's prompt depends on the previous answer, and its answer is free text after WizardLM's section markers,
/// not tags. The method of round r is a hash of (seed, r, instruction): the same on every run and at any concurrency.
/// One call of <see cref="ParseOutput"/> is one round.
/// </remarks>
public sealed record EvolInstruct : ILlmTask<EvolInstruct>, IIterativeTask
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "evol-instruct";

    private const int MaxEvolutions = 20;
    private static readonly string[] ParameterNames = ["num_evolutions", "seed"];
    private static readonly string[] ParameterList = ["num_evolutions (int)", "seed (int)"];

    /// <summary>The instruction to evolve (column <c>instruction</c>).</summary>
    public required string Instruction { get; init; }

    /// <summary>The last kept evolution (column <c>evolved_instruction</c>); null when none was kept.</summary>
    public string? EvolvedInstruction { get; init; }

    /// <summary>Each round's evolution, null where it was eliminated (column <c>evolved_instructions</c>).</summary>
    public IReadOnlyList<string?> EvolvedInstructions { get; init; } = [];

    /// <summary>Each round's method (column <c>evolution_methods</c>).</summary>
    public IReadOnlyList<string> EvolutionMethods { get; init; } = [];

    /// <summary>Why each round was eliminated, null where it was kept (column <c>elimination_reasons</c>).</summary>
    public IReadOnlyList<string?> EliminationReasons { get; init; } = [];

    /// <summary>How many rounds of evolution (1 to 20).</summary>
    public int NumEvolutions { get; init; } = 3;

    /// <summary>Chooses each round's method.</summary>
    public int Seed { get; init; } = 42;

    /// <inheritdoc />
    public bool NeedsAnotherRound => EvolvedInstructions.Count < NumEvolutions;

    /// <summary>The instruction the next round evolves: the last kept evolution, else the original.</summary>
    public string Current => EvolvedInstructions.LastOrDefault(i => i is not null) ?? Instruction;

    /// <summary>The method of the next round.</summary>
    public EvolutionMethod NextMethod => MethodOf(EvolvedInstructions.Count);

    /// <inheritdoc />
    public static LlmTaskDescriptor Descriptor { get; } = new(
        TaskName,
        typeof(EvolInstruct).FullName!,
        "One user message per round: a rewriter prompt ('#The Given Prompt#:' … '#Rewritten Prompt#:') for the constraints, deepen, "
            + "concretizing and reasoning methods, a creator prompt ('#Given Prompt#:' … '#Created Prompt#:') for breadth.\n\n"
            + EvolutionTemplates.Prompt(EvolutionMethod.Constraints, "{instruction}") + "\n\n" + EvolutionTemplates.Prompt(EvolutionMethod.Breadth, "{instruction}"),
        "https://arxiv.org/abs/2304.12244",
        "EvolInstruct: evolves an instruction over num_evolutions rounds (breadth, constraints, deepen, concretizing, reasoning); failed evolutions are eliminated.",
        [new LlmTaskInput("instruction", nameof(Instruction), "Instruction", LlmValueType.String, true)],
        [
            new LlmTaskOutput("evolved_instruction", nameof(EvolvedInstruction), LlmOutputKind.Text, null, null, "The last kept evolution."),
            new LlmTaskOutput("evolved_instructions", nameof(EvolvedInstructions), LlmOutputKind.Text, null, null, "One per round; null where eliminated.") { Shape = LlmOutputShape.List },
            new LlmTaskOutput("evolution_methods", nameof(EvolutionMethods), LlmOutputKind.Text, null, null, "One per round: breadth, constraints, deepen, concretizing or reasoning.") { Shape = LlmOutputShape.List },
            new LlmTaskOutput("elimination_reasons", nameof(EliminationReasons), LlmOutputKind.Text, null, null, "One per round: why it was eliminated; null where kept.") { Shape = LlmOutputShape.List },
        ])
    {
        Parameters =
        [
            new LlmTaskParameter("num_evolutions", nameof(NumEvolutions), LlmParameterType.Int32, "3", [], "Rounds of evolution (1 to 20)."),
            new LlmTaskParameter("seed", nameof(Seed), LlmParameterType.Int32, "42", [], "Chooses each round's method."),
        ],
    };

    /// <summary>Free text that cannot start a new section marker ('#'); bounded so a constrained model stops.</summary>
    public static string OutputGrammar => "root ::= [^#\\n] [^#]{0,1500}\n";

    /// <inheritdoc />
    public static string OutputJsonSchema => "{\"title\":\"evol-instruct\",\"type\":\"object\",\"properties\":{\"evolved_instruction\":{\"type\":\"string\"}},\"required\":[\"evolved_instruction\"],\"additionalProperties\":false}";

    /// <inheritdoc />
    public static ArgillaDatasetSettings ArgillaSettings { get; } = new(
        Descriptor.Guidelines,
        [new ArgillaField("instruction", "Instruction")],
        [new ArgillaTextQuestion("evolved_instruction", "Evolved instruction", "The last kept evolution.", Required: false)]);

    /// <inheritdoc />
    public static EvolInstruct FromRow(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new EvolInstruct { Instruction = TaskRows.ReadString(row, TaskName, "instruction", required: true)! };
    }

    /// <inheritdoc />
    public static EvolInstruct FromParameters(IReadOnlyDictionary<string, string> values) => new EvolInstruct { Instruction = "" }.WithParameters(values);

    /// <summary>The next round's prompt: one user message, as WizardLM's evolutions were made.</summary>
    public IList<ChatMessage> BuildPrompt() => [new ChatMessage(ChatRole.User, EvolutionTemplates.Prompt(NextMethod, Current ?? ""))];

    /// <inheritdoc />
    public string BuildOutputGrammar() => OutputGrammar;

    /// <inheritdoc />
    public EvolInstruct WithParameters(IReadOnlyDictionary<string, string> values)
    {
        TaskParameters.CheckNames(TaskName, values, ParameterNames, ParameterList);
        var task = this;
        if (values.TryGetValue("num_evolutions", out var rounds))
        {
            var count = TaskParameters.ParseInt32(TaskName, "num_evolutions", rounds, ParameterList);
            if (count is < 1 or > MaxEvolutions)
                throw new TaskParameterException(TaskName, "num_evolutions", $"{count} is not between 1 and {MaxEvolutions}", ParameterList);
            task = task with { NumEvolutions = count };
        }

        if (values.TryGetValue("seed", out var seed))
            task = task with { Seed = TaskParameters.ParseInt32(TaskName, "seed", seed, ParameterList) };
        return task;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> GetParameters() => new Dictionary<string, string>
    {
        ["num_evolutions"] = TaskParameters.Format(NumEvolutions),
        ["seed"] = TaskParameters.Format(Seed),
    };

    /// <summary>A copy with one more round: <paramref name="output"/> read as the evolution of <see cref="Current"/>, kept or eliminated.</summary>
    public EvolInstruct ParseOutput(string output)
    {
        var (evolved, reason) = EvolutionElimination.Read(output, Current ?? "");
        var kept = evolved ?? EvolvedInstruction;
        return this with
        {
            EvolvedInstruction = kept,
            EvolvedInstructions = [.. EvolvedInstructions, evolved],
            EvolutionMethods = [.. EvolutionMethods, EvolutionTemplates.Name(NextMethod)],
            EliminationReasons = [.. EliminationReasons, reason],
        };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> ToRow() => new Dictionary<string, object?>
    {
        ["instruction"] = Instruction,
        ["evolved_instruction"] = EvolvedInstruction,
        ["evolved_instructions"] = EvolvedInstructions,
        ["evolution_methods"] = EvolutionMethods,
        ["elimination_reasons"] = EliminationReasons,
    };

    /// <inheritdoc />
    public ArgillaRecord ToArgillaRecord()
    {
        var suggestions = new List<ArgillaSuggestion>();
        if (!string.IsNullOrEmpty(EvolvedInstruction))
            suggestions.Add(new ArgillaSuggestion("evolved_instruction", EvolvedInstruction));
        return new ArgillaRecord(new Dictionary<string, string> { ["instruction"] = Instruction ?? "" }, suggestions);
    }

    private EvolutionMethod MethodOf(int round)
    {
        var key = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Seed}\n{round}\n{Instruction}"));
        var hash = SHA256.HashData(key);
        var methods = Enum.GetValues<EvolutionMethod>();
        return methods[BitConverter.ToUInt32(hash, 0) % (uint)methods.Length];
    }
}

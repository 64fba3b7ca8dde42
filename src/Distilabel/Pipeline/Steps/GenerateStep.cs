using System.Globalization;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// Answers every row's instruction <c>numGenerations</c> times with an <see cref="LlmPool"/>: the answers stay in one row
/// as lists (<c>generations</c>, <c>generation_models</c>, <c>raw_generation_responses</c>), followed by
/// <c>&lt;step&gt;_error</c> (every failed generation, "generation N: …"; null when all succeeded).
/// </summary>
internal sealed class GenerateStep : LlmStep
{
    private readonly LlmPool _pool;
    private readonly int _numGenerations;
    private readonly PipelineOptions _options;
    private readonly string? _systemPrompt;

    public GenerateStep(LlmPool pool, int numGenerations, PipelineOptions? options, string? systemPrompt, string? name)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (numGenerations < 1)
            throw new ArgumentOutOfRangeException(nameof(numGenerations), numGenerations, "num_generations must be at least 1");
        _pool = pool;
        _numGenerations = numGenerations;
        _options = options ?? new PipelineOptions();
        _options.Validate();
        _systemPrompt = systemPrompt;
        Name = name ?? "generate";
    }

    public override string Name { get; }

    protected override int ReorderWindow => _options.EffectiveReorderWindow;

    public override IReadOnlyDictionary<string, string> KeyComponents
    {
        get
        {
            var share = _pool.Share(_numGenerations);
            var key = new Dictionary<string, string>
            {
                ["generators"] = string.Join(" | ", _pool.Members.Select((m, i) => $"{LlmPool.NameOf(m)} x{share[i]}")),
                ["num_generations"] = _numGenerations.ToString(CultureInfo.InvariantCulture),
                ["instruction_column"] = _options.InstructionColumn,
                ["system_prompt"] = _systemPrompt is null ? "none" : RowFingerprint.ComputeHex(new Dictionary<string, object?> { ["system"] = _systemPrompt })[..12],
            };
            GenerationSettings.AddKey(key, _options);
            return key;
        }
    }

    public override IEnumerable<string> RequiredColumns => [_options.InstructionColumn];

    public override IEnumerable<string> ColumnsAfter(IEnumerable<string> before)
        => before.Concat([ColumnNames.Generations, ColumnNames.GenerationModels, ColumnNames.RawGenerationResponses]).Distinct(StringComparer.Ordinal);

    protected override IRowComputer Start(StepRun run, bool final)
    {
        var share = _pool.Share(_numGenerations);
        var members = _pool.Members.Select(m => new Generations.Member(m.Client, LlmPool.NameOf(m), new RequestSlots(m.Concurrency, LlmPool.NameOf(m)), m.Timeout)).ToArray();
        var assignments = members.SelectMany((m, i) => Enumerable.Repeat(m, share[i])).ToArray();
        return new Computer(this, run, assignments);
    }

    private sealed class Computer(GenerateStep step, StepRun run, Generations.Member[] assignments) : IRowComputer
    {
        private readonly Microsoft.Extensions.AI.ChatOptions _chat = GenerationSettings.Generation(step._options);

        public async Task<StepResult> ComputeAsync(long index, LabelledRow row, RowUsage? usage, CancellationToken cancellationToken)
        {
            var values = new OrderedDictionary<string, object?>(row.Values.Count + 4);
            foreach (var (name, cell) in row.Values)
                values[name] = cell;
            var errorColumn = StepColumns.Of(step.Name).Error;
            var column = step._options.InstructionColumn;
            if (!(row.Values.TryGetValue(column, out var value) && value is string instruction && !string.IsNullOrWhiteSpace(instruction)))
            {
                var bad = RowError.BadInput($"column '{column}' (the instruction) is missing or empty") with { Step = step.Name };
                values[ColumnNames.Generations] = new List<string?>();
                values[ColumnNames.GenerationModels] = new List<string?>();
                values[ColumnNames.RawGenerationResponses] = new List<string?>();
                values[errorColumn] = bad.Text;
                return new StepResult(values, bad, null);
            }

            var generated = await Generations.RunAsync(index, instruction, step._systemPrompt, assignments, _chat, run, isolateMembers: true, step.Name, usage, cancellationToken).ConfigureAwait(false);
            values[ColumnNames.Generations] = generated.Select(g => g.Error is null ? g.Text : null).ToList();
            values[ColumnNames.GenerationModels] = generated.Select(g => (string?)g.Model).ToList();
            values[ColumnNames.RawGenerationResponses] = generated.Select(g => g.Text).ToList();
            var error = RowError.Combine([.. generated.Where(g => g.Error is not null).Select(g => g.Error!)]);
            values[errorColumn] = error?.Text;
            return new StepResult(values, error, generated.Length == 0 ? null : string.Join("\n", generated.Select(g => g.Text)));
        }
    }
}

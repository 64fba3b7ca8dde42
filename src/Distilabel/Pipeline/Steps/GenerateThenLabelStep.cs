using Distilabel.Pipeline.Journal;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// distilabel's generator/labeller shape in one step (what <see cref="LabellingPipeline"/> runs with generators): the
/// generators answer the row's instruction, then the labeller rates each generation; every task output becomes a list,
/// one value per generation, and <c>labelling_error</c> holds every failed generation.
/// </summary>
internal sealed class GenerateThenLabelStep : LlmStep
{
    private readonly LabelStep _label;
    private readonly IReadOnlyList<ResponseGenerator> _generators;

    public GenerateThenLabelStep(LabelStep label, IReadOnlyList<ResponseGenerator> generators)
    {
        _label = label;
        _generators = generators;
        var options = label.Options;
        if (!label.Task.Descriptor.Inputs.Any(i => i.Name == options.GenerationTarget))
        {
            throw new ArgumentException(
                $"With generators, the task input '{options.GenerationTarget}' receives the generated responses, but task '{label.Task.Descriptor.Name}' has no such input (it has: {string.Join(", ", label.Task.Descriptor.Inputs.Select(i => i.Name))}). Set PipelineOptions.GenerationTarget.",
                nameof(label));
        }
    }

    public override string Name => _label.Name;

    protected override int ReorderWindow => _label.Options.EffectiveReorderWindow;

    public override IReadOnlyDictionary<string, string> KeyComponents
    {
        get
        {
            var key = new Dictionary<string, string>(_label.KeyComponents)
            {
                ["generators"] = string.Join(" | ", _generators.Select(g =>
                    $"{GenerationSettings.ModelName(g.Client, g.Name)} x{g.NumGenerations}" + (g.SystemPrompt is null ? "" : " system:" + RowFingerprint.ComputeHex(new Dictionary<string, object?> { ["system"] = g.SystemPrompt })[..12]))),
                ["generation_target"] = _label.Options.GenerationTarget,
                ["instruction_column"] = _label.Options.InstructionColumn,
            };
            return key;
        }
    }

    public override IEnumerable<string> RequiredColumns => _label.RequiredColumns.Where(c => c != _label.Options.GenerationTarget);

    protected override IRowComputer Start(StepRun run, bool final)
    {
        // One window of requests shared by the generators and the labeller.
        var slots = new RequestSlots(_label.Options.Concurrency);
        var members = _generators.Select(g => new Generations.Member(g.Client, GenerationSettings.ModelName(g.Client, g.Name), slots, Timeout: null)).ToArray();
        var assignments = members.SelectMany((m, i) => Enumerable.Repeat(m, _generators[i].NumGenerations)).ToArray();
        return new Computer(this, run, slots, assignments, final ? StepColumns.Labelling : StepColumns.Of(Name));
    }

    private sealed class Computer(GenerateThenLabelStep step, StepRun run, RequestSlots slots, Generations.Member[] assignments, StepColumns columns) : IRowComputer
    {
        private readonly ChatOptions _generation = GenerationSettings.Generation(step._label.Options);
        private readonly ChatOptions _labelling = GenerationSettings.Labelling(step._label.Options, step._label.Task);

        public async Task<StepResult> ComputeAsync(long index, LabelledRow row, RowUsage? usage, CancellationToken cancellationToken)
        {
            var label = step._label;
            var options = label.Options;
            var task = label.Task;
            var values = new OrderedDictionary<string, object?>(row.Values.Count + task.Descriptor.Outputs.Count + 6);
            foreach (var (name, cell) in row.Values)
                values[name] = cell;

            var instruction = row.Values.TryGetValue(options.InstructionColumn, out var value) && value is string text && !string.IsNullOrWhiteSpace(text) ? text : null;
            if (instruction is null)
            {
                foreach (var output in task.Descriptor.Outputs)
                    values[output.Name] = output.Kind == LlmOutputKind.Rating ? new List<long?>() : new List<string?>();
                values[ColumnNames.Generations] = new List<string?>();
                values[ColumnNames.GenerationModels] = new List<string?>();
                values[ColumnNames.RawGenerationResponses] = new List<string?>();
                var bad = RowError.BadInput($"column '{options.InstructionColumn}' (the generators' instruction) is missing or empty") with { Step = label.Name };
                return Finish(values, null, bad);
            }

            // The generators' system prompts differ per generator: one call per distinct prompt keeps their order.
            var generations = new Generations.Generated[assignments.Length];
            var calls = new List<Task>();
            var start = 0;
            foreach (var generator in step._generators)
            {
                var offset = start;
                var own = assignments.AsMemory(offset, generator.NumGenerations).ToArray();
                calls.Add(Task.Run(async () =>
                {
                    var done = await Generations.RunAsync(index, instruction, generator.SystemPrompt, own, _generation, run, isolateMembers: false, label.Name, usage, cancellationToken).ConfigureAwait(false);
                    for (var g = 0; g < done.Length; g++)
                        generations[offset + g] = done[g] with { Error = done[g].Error is { } e ? e with { Generation = offset + g } : null };
                }, cancellationToken));
                start += generator.NumGenerations;
            }

            await Task.WhenAll(calls).ConfigureAwait(false);

            var ratings = new Dictionary<string, List<long?>>();
            var texts = new Dictionary<string, List<string?>>();
            foreach (var output in task.Descriptor.Outputs)
            {
                if (output.Kind == LlmOutputKind.Rating)
                    ratings[output.Name] = new List<long?>(generations.Length);
                else
                    texts[output.Name] = new List<string?>(generations.Length);
            }

            var raws = new List<string?>(generations.Length);
            var errors = new List<RowError>();
            for (var g = 0; g < generations.Length; g++)
            {
                var generated = generations[g];
                var scratch = new OrderedDictionary<string, object?>();
                string? raw = null;
                var error = generated.Error;
                if (error is null)
                {
                    var labelled = new Dictionary<string, object?>(row.Values) { [options.GenerationTarget] = generated.Text };
                    try
                    {
                        (raw, var labelError) = await label.LabelOnceAsync(index, task.FromRow(labelled), scratch, run, slots, _labelling, usage, cancellationToken).ConfigureAwait(false);
                        error = labelError is null ? null : labelError with { Generation = g };
                    }
                    catch (TaskInputException exception)
                    {
                        error = RowError.BadInput(exception.Message) with { Step = label.Name, Generation = g };
                    }
                }

                foreach (var (name, list) in ratings)
                    list.Add(scratch.GetValueOrDefault(name) is int rating ? rating : null);
                foreach (var (name, list) in texts)
                    list.Add(scratch.GetValueOrDefault(name) as string);
                raws.Add(raw);
                if (error is not null)
                    errors.Add(error);
            }

            values[ColumnNames.Generations] = generations.Select(g => g.Text).ToList();
            values[ColumnNames.GenerationModels] = generations.Select(g => (string?)g.Model).ToList();
            values[ColumnNames.RawGenerationResponses] = generations.Select(g => g.Text).ToList();
            foreach (var (name, list) in ratings)
                values[name] = list;
            foreach (var (name, list) in texts)
                values[name] = list;
            return Finish(values, raws, RowError.Combine(errors));
        }

        private StepResult Finish(OrderedDictionary<string, object?> values, List<string?>? raws, RowError? error)
        {
            values[columns.Model] = step._label.ModelName;
            values[columns.Raw] = raws;
            values[columns.Error] = error?.Text;
            return new StepResult(values, error, raws is null ? null : string.Join("\n", raws));
        }
    }
}

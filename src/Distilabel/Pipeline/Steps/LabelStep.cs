using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// Runs a task on every row with one LLM: the row's columns, then the task's outputs, then the step's model, raw answer
/// and error (<c>labelling_model</c>, <c>raw_labelling_response</c>, <c>labelling_error</c> when it is the run's last
/// LLM step; <c>&lt;step&gt;_model</c>, <c>&lt;step&gt;_raw</c>, <c>&lt;step&gt;_error</c> otherwise).
/// </summary>
internal sealed class LabelStep : LlmStep
{
    private readonly LlmTaskDefinition _task;
    private readonly IChatClient _client;
    private readonly PipelineOptions _options;
    private readonly bool _grammarPerRow;

    public LabelStep(LlmTaskDefinition task, IChatClient client, PipelineOptions? options, string? name)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(client);
        _task = task;
        _client = client;
        _options = options ?? new PipelineOptions();
        _options.Validate();
        Name = name ?? task.Descriptor.Name;
        ModelName = GenerationSettings.ModelName(client, _options.LabellerName);
        _grammarPerRow = GenerationSettings.NeedsGrammarPerRow(_options, task);
    }

    public override string Name { get; }

    public LlmTaskDefinition Task => _task;

    public IChatClient Client => _client;

    public PipelineOptions Options => _options;

    /// <summary>The name written to the model column.</summary>
    public string ModelName { get; }

    protected override int ReorderWindow => _options.EffectiveReorderWindow;

    public override IReadOnlyDictionary<string, string> KeyComponents
    {
        get
        {
            var key = new Dictionary<string, string>
            {
                ["task"] = _task.Descriptor.Name,
                ["prompt"] = _task.Descriptor.Fingerprint,
                ["model"] = ModelName,
                ["grammar"] = _options.UseGrammar ? "on" : "off",
                ["json_schema"] = _options.UseJsonSchema ? "on" : "off",
            };
            GenerationSettings.AddKey(key, _options);
            return key;
        }
    }

    public override IEnumerable<string> RequiredColumns => _task.Descriptor.Inputs.Where(i => i.IsRequired).Select(i => i.Name);

    public override IEnumerable<string> ColumnsAfter(IEnumerable<string> before)
        => before.Concat(_task.Descriptor.Outputs.Select(o => o.Name)).Distinct(StringComparer.Ordinal);

    protected override IRowComputer Start(StepRun run, bool final)
        => new Computer(this, run, final ? StepColumns.Labelling : StepColumns.Of(Name), new RequestSlots(_options.Concurrency));

    /// <summary>
    /// Asks the LLM once for a task instance and writes the parsed outputs into <paramref name="target"/> (null outputs
    /// when the request failed). Returns the raw answer and the error, if any.
    /// </summary>
    internal async Task<(string? Raw, RowError? Error)> LabelOnceAsync(long index, object input, OrderedDictionary<string, object?> target, StepRun run, RequestSlots slots, ChatOptions chat, RowUsage? usage, CancellationToken token)
    {
        // An iterative task (EvolInstruct) is asked again while its parsed instance needs another round.
        var task = input;
        var answers = new List<string?>();
        while (true)
        {
            var roundChat = _grammarPerRow ? GenerationSettings.ForInstance(chat, _task, task) : chat;
            var answer = await run.Requests.AskAsync(index, slots, _client, _task.BuildPrompt(task), roundChat, timeout: null, abortOnConfiguration: true, usage, token).ConfigureAwait(false);
            answers.Add(answer.Text);
            if (answer.Error is not null)
            {
                WithNullOutputs(target);
                return (RawOf(answers), answer.Error with { Step = Name });
            }

            task = _task.ParseOutput(task, answer.Text ?? "");
            if (task is not IIterativeTask { NeedsAnotherRound: true })
                break;
        }

        var outputs = _task.ToRow(task);
        var missing = new List<string>();
        foreach (var output in _task.Descriptor.Outputs)
        {
            var value = outputs[output.Name];
            target[output.Name] = value;
            if (value is null)
                missing.Add(output.Name);
        }

        return (RawOf(answers), missing.Count == 0 ? null : RowError.Unparsable(missing, _task.Descriptor.Outputs.Count) with { Step = Name });
    }

    /// <summary>The raw answer column: the answer, or every round's answer as a JSON array when there were several.</summary>
    private static string? RawOf(List<string?> answers)
        => answers.Count == 1 ? answers[0] : System.Text.Json.JsonSerializer.Serialize(answers);

    internal void WithNullOutputs(OrderedDictionary<string, object?> values)
    {
        foreach (var output in _task.Descriptor.Outputs)
            values[output.Name] = null;
    }

    private sealed class Computer(LabelStep step, StepRun run, StepColumns columns, RequestSlots slots) : IRowComputer
    {
        private readonly ChatOptions _chat = GenerationSettings.Labelling(step._options, step._task);

        public async Task<StepResult> ComputeAsync(long index, LabelledRow row, RowUsage? usage, CancellationToken cancellationToken)
        {
            var values = new OrderedDictionary<string, object?>(row.Values.Count + step._task.Descriptor.Outputs.Count + 3);
            foreach (var (column, value) in row.Values)
                values[column] = value;

            string? raw = null;
            RowError? error;
            try
            {
                var input = step._task.FromRow(row.Values);
                (raw, error) = await step.LabelOnceAsync(index, input, values, run, slots, _chat, usage, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskInputException exception)
            {
                step.WithNullOutputs(values);
                error = RowError.BadInput(exception.Message) with { Step = step.Name };
            }

            values[columns.Model] = step.ModelName;
            values[columns.Raw] = raw;
            values[columns.Error] = error?.Text;
            return new StepResult(values, error, raw);
        }
    }
}

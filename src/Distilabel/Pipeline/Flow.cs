using System.Runtime.CompilerServices;
using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Scheduling;
using Distilabel.Pipeline.Steps;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>
/// Steps that run one after the other over a stream of rows: LLM steps (<see cref="Generate(LlmPool, int, PipelineOptions?, string?, string?)"/>,
/// <see cref="Label(LlmTaskDefinition, IChatClient, PipelineOptions?, string?)"/>) and plain transforms
/// (<see cref="Explode"/>, <see cref="Select"/>, <see cref="Rename"/>). Immutable: each method returns a longer flow.
/// </summary>
/// <remarks>
/// Every LLM step keeps its own sliding window of requests and yields in input order, so rows stream through all steps
/// at once and memory is bounded by the windows, never by the dataset. Progress counts rows leaving the last step and
/// tokens of every step. With a journal (opened with <see cref="RunKey"/>, which covers every step), each LLM step makes
/// every row durable as it finishes, under (step name, row index): a resumed run asks no LLM again anything already
/// answered at any step, and yields exactly what an uninterrupted run yields.
/// </remarks>
/// <example><code>
/// var flow = new Flow()
///     .Generate(new LlmPool(new PoolMember(gpt), new PoolMember(llama)), numGenerations: 4)
///     .Explode(["generations", "generation_models"], new Dictionary&lt;string, string&gt; { ["generations"] = "response" })
///     .Label&lt;HelpSteer&gt;(judge);
/// await foreach (var row in flow.RunAsync(rows)) { … }
/// </code></example>
public sealed class Flow
{
    private readonly IReadOnlyList<FlowStep> _steps;

    /// <summary>A flow without steps (it yields its input rows).</summary>
    public Flow()
        : this([])
    {
    }

    private Flow(IReadOnlyList<FlowStep> steps) => _steps = steps;

    /// <summary>The name of the last step that asks an LLM, or null.</summary>
    public string? LastLlmStep => _steps.LastOrDefault(s => s.AsksLlm)?.Name;

    /// <summary>Whether the flow yields one row per input row (no explode).</summary>
    public bool KeepsRowCount => !_steps.Any(s => s is ExplodeStep or PreferencePairsStep);

    /// <summary>The steps' names, in order.</summary>
    public IReadOnlyList<string> StepNames => _steps.Select(s => s.Name).ToArray();

    /// <summary>
    /// What the flow's answers depend on besides the rows: every step, in order, with its task prompt, model(s) and
    /// generation options. A run journal is bound to it. A flow of one LLM step has that step's components unprefixed
    /// (as <see cref="LabellingPipeline.RunKey"/>); otherwise each LLM step's are under <c>&lt;step&gt;.</c>.
    /// </summary>
    public RunKey RunKey
    {
        get
        {
            var llmSteps = _steps.Where(s => s.AsksLlm).ToList();
            if (llmSteps.Count == 1 && _steps.Count == 1)
                return new RunKey(llmSteps[0].KeyComponents);
            var key = new Dictionary<string, string> { ["steps"] = string.Join(" → ", _steps.Select(s => s.Name)) };
            foreach (var step in llmSteps)
            {
                foreach (var (name, value) in step.KeyComponents)
                    key[$"{step.Name}.{name}"] = value;
            }

            return new RunKey(key);
        }
    }

    /// <summary>The columns the input rows must have (those the steps read and no earlier step makes).</summary>
    public IReadOnlyList<string> RequiredColumns
    {
        get
        {
            var required = new List<string>();
            var made = new HashSet<string>(StringComparer.Ordinal);
            IEnumerable<string> columns = [];
            foreach (var step in _steps)
            {
                required.AddRange(step.RequiredColumns.Where(c => !made.Contains(c) && !required.Contains(c)));
                var before = columns.ToList();
                columns = step.ColumnsAfter(before).ToList();
                made.UnionWith(columns.Except(before));
            }

            return required;
        }
    }

    /// <summary>Adds a step that runs <paramref name="task"/> on every row with <paramref name="llm"/>.</summary>
    /// <param name="task">The task.</param>
    /// <param name="llm">The LLM.</param>
    /// <param name="options">Generation options, concurrency and window of the step.</param>
    /// <param name="name">The step's name (its columns and journal entries); default: the task's name.</param>
    public Flow Label(LlmTaskDefinition task, IChatClient llm, PipelineOptions? options = null, string? name = null)
        => Then(new LabelStep(task, llm, options, name));

    /// <summary>Adds a step that runs the generated task <typeparamref name="TTask"/> on every row.</summary>
    public Flow Label<TTask>(IChatClient llm, PipelineOptions? options = null, string? name = null)
        where TTask : ILlmTask<TTask>
        => Label(LlmTaskDefinition.Of<TTask>(), llm, options, name);

    /// <summary>
    /// Adds a step that answers each row's instruction (<see cref="PipelineOptions.InstructionColumn"/>)
    /// <paramref name="numGenerations"/> times, shared among the pool's members: <c>generations</c>,
    /// <c>generation_models</c>, <c>raw_generation_responses</c> (lists), and <c>&lt;step&gt;_error</c>.
    /// </summary>
    /// <param name="pool">The LLMs.</param>
    /// <param name="numGenerations">Answers per row.</param>
    /// <param name="options">Generation options and window of the step (each member has its own concurrency).</param>
    /// <param name="systemPrompt">An optional system message.</param>
    /// <param name="name">The step's name; default: "generate".</param>
    public Flow Generate(LlmPool pool, int numGenerations = 1, PipelineOptions? options = null, string? systemPrompt = null, string? name = null)
        => Then(new GenerateStep(pool, numGenerations, options, systemPrompt, name));

    /// <summary>Like <see cref="Generate(LlmPool, int, PipelineOptions?, string?, string?)"/> with one LLM (its concurrency from <paramref name="options"/>).</summary>
    public Flow Generate(IChatClient llm, int numGenerations = 1, PipelineOptions? options = null, string? systemPrompt = null, string? name = null)
        => Generate(new LlmPool(new PoolMember(llm, options?.LabellerName, (options ?? new PipelineOptions()).Concurrency)), numGenerations, options, systemPrompt, name);

    /// <summary>Turns list columns into rows: item i of each column goes to row i (renamed per <paramref name="rename"/>).</summary>
    public Flow Explode(IEnumerable<string> columns, IReadOnlyDictionary<string, string>? rename = null) => Then(new ExplodeStep(columns, rename));

    /// <summary>Keeps only <paramref name="columns"/>, in that order.</summary>
    public Flow Select(params IEnumerable<string> columns) => Then(new SelectStep(columns));

    /// <summary>Renames columns (old name → new name), keeping their order.</summary>
    public Flow Rename(IReadOnlyDictionary<string, string> rename) => Then(new RenameStep(rename));

    /// <summary>
    /// Turns each row's rated generations into DPO pairs (<see cref="Data.Exports.PreferenceExport"/>'s rules and columns:
    /// prompt, prompt_id, chosen, chosen_model, chosen_rating, rejected, …); a row with no pair is left out.
    /// </summary>
    public Flow PreferencePairs(Data.Exports.PreferenceExportOptions? options = null) => Then(new PreferencePairsStep(options ?? new Data.Exports.PreferenceExportOptions()));

    /// <summary>This flow's steps, then <paramref name="next"/>'s.</summary>
    public Flow Then(Flow next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var flow = this;
        foreach (var step in next._steps)
            flow = flow.Then(step);
        return flow;
    }

    /// <summary>The flow as distilabel's generator/labeller pipeline (what <see cref="LabellingPipeline"/> runs).</summary>
    internal static Flow Labelling(LabelStep label, IReadOnlyList<ResponseGenerator> generators)
        => new([generators.Count == 0 ? label : new GenerateThenLabelStep(label, generators)]);

    internal Flow Then(FlowStep step)
    {
        if (step.AsksLlm && _steps.Any(s => s.AsksLlm && s.Name == step.Name))
            throw new ArgumentException($"two steps are named '{step.Name}': give one another name (its columns and journal entries are under it)", nameof(step));
        return new Flow([.. _steps, step]);
    }

    /// <summary>Runs the flow over <paramref name="rows"/>, yielding each row as soon as it and every row before it left the last step.</summary>
    /// <param name="rows">The dataset.</param>
    /// <param name="progress">Receives a snapshot after every row that leaves the flow.</param>
    /// <param name="totalRows">The number of rows, when known (for the ETA).</param>
    /// <param name="drainToken">Stop reading new rows; rows already read finish every step and are returned.</param>
    /// <param name="abortToken">Stop at once: requests in flight are cancelled.</param>
    /// <param name="journal">The run journal, opened with this flow's <see cref="RunKey"/>.</param>
    public IAsyncEnumerable<LabelledRow> RunAsync(
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IProgress<PipelineProgress>? progress = null,
        long? totalRows = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default,
        IRowJournal? journal = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return RunCoreAsync(rows, progress, totalRows, drainToken, journal, abortToken);
    }

    private async IAsyncEnumerable<LabelledRow> RunCoreAsync(
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IProgress<PipelineProgress>? progress,
        long? totalRows,
        CancellationToken drainToken,
        IRowJournal? journal,
        [EnumeratorCancellation] CancellationToken abortToken)
    {
        var statistics = new RunStatistics(totalRows);
        using var policy = new AbortPolicy(abortToken);
        var run = new StepRun(new LlmRequests(statistics, policy), journal);
        var lastLlmStep = _steps.LastOrDefault(s => s.AsksLlm);
        var stream = Read(rows, drainToken, policy.Token);
        foreach (var step in _steps)
            stream = step.ApplyAsync(stream, run, final: ReferenceEquals(step, lastLlmStep) && step is LabelStep or GenerateThenLabelStep);

        await using var rowsOut = stream.GetAsyncEnumerator(policy.Token);
        while (true)
        {
            try
            {
                if (!await rowsOut.MoveNextAsync().ConfigureAwait(false))
                    break;
            }
            catch (OperationCanceledException) when (policy.Reason is { } reason)
            {
                throw reason;
            }

            var row = rowsOut.Current;
            statistics.RowFinished(failed: row.Failure is not null);
            progress?.Report(statistics.Snapshot());
            yield return row;
        }
    }

    /// <summary>The input rows, numbered; after a drain no further row is read.</summary>
    private static async IAsyncEnumerable<LabelledRow> Read(IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows, CancellationToken drainToken, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long index = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (drainToken.IsCancellationRequested)
                yield break;
            yield return new LabelledRow(index++, row, null);
        }
    }
}

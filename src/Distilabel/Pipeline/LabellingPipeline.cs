using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Steps;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>
/// Runs a task over a dataset against a labeller LLM (optionally after generator LLMs), as in distilabel's
/// <c>Pipeline(generator=…, labeller=…).generate(dataset)</c>: a <see cref="Flow"/> of one labelling step.
/// </summary>
/// <remarks>
/// Rows stream in and out; memory is bounded by <see cref="PipelineOptions.Concurrency"/> and the reorder
/// window, never by the dataset. Requests run in a sliding window; output order equals input order.
/// An LLM error or an unparsable answer never stops the run nor drops the row: its outputs are null and
/// <c>raw_labelling_response</c> / <c>labelling_error</c> say what happened. Only errors that would hit every
/// row (bad key, unknown model, unreachable server) stop the run, with a <see cref="PipelineAbortedException"/>.
/// With a run journal (<see cref="IRowJournal"/>, e.g. <see cref="RunJournal"/>) every row is made durable as soon as
/// it finishes (not when it is yielded), and rows a previous run finished are returned from the journal without
/// asking the LLM, so a resumed run yields exactly what an uninterrupted one would. For several steps, use <see cref="Flow"/>.
/// </remarks>
public sealed class LabellingPipeline
{
    private readonly LabelStep _label;

    /// <summary>A pipeline that labels rows with <paramref name="task"/> using <paramref name="labeller"/>.</summary>
    public LabellingPipeline(LlmTaskDefinition task, IChatClient labeller, PipelineOptions? options = null, IEnumerable<ResponseGenerator>? generators = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(labeller);
        var generatorList = generators?.ToArray() ?? [];
        foreach (var generator in generatorList)
        {
            if (generator.NumGenerations < 1)
                throw new ArgumentOutOfRangeException(nameof(generators), generator.NumGenerations, "num_generations must be at least 1");
        }

        _label = new LabelStep(task, labeller, options, name: null);
        Flow = Flow.Labelling(_label, generatorList);
    }

    /// <summary>A pipeline for a generated task type.</summary>
    public static LabellingPipeline For<TTask>(IChatClient labeller, PipelineOptions? options = null, IEnumerable<ResponseGenerator>? generators = null)
        where TTask : ILlmTask<TTask>
        => new(LlmTaskDefinition.Of<TTask>(), labeller, options, generators);

    /// <summary>The task this pipeline runs.</summary>
    public LlmTaskDefinition Task => _label.Task;

    /// <summary>The options in force.</summary>
    public PipelineOptions Options => _label.Options;

    /// <summary>The name written to <c>labelling_model</c>.</summary>
    public string LabellerName => _label.ModelName;

    /// <summary>The pipeline as a flow of steps (to extend it, or to run it with <see cref="LabelJob"/>).</summary>
    public Flow Flow { get; }

    /// <summary>
    /// What this pipeline's answers depend on besides the row: task name and prompt fingerprint, labeller model,
    /// generation options, grammar / JSON-schema constraints and generators. A run journal is bound to it.
    /// </summary>
    public RunKey RunKey => Flow.RunKey;

    /// <summary>Labels <paramref name="rows"/>, yielding each row as soon as it and every row before it are done.</summary>
    /// <param name="rows">The dataset.</param>
    /// <param name="progress">Receives a snapshot after every finished row.</param>
    /// <param name="totalRows">The number of rows, when known (for the ETA).</param>
    /// <param name="drainToken">Stop reading new rows; requests in flight finish and their rows are returned.</param>
    /// <param name="abortToken">Stop at once: requests in flight are cancelled.</param>
    /// <param name="journal">
    /// Where each finished row is made durable as it completes, and where rows finished by an earlier run are found
    /// (they are returned without asking the LLM). Open it with this pipeline's <see cref="RunKey"/>.
    /// </param>
    public IAsyncEnumerable<LabelledRow> RunAsync(
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IProgress<PipelineProgress>? progress = null,
        long? totalRows = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default,
        IRowJournal? journal = null)
        => Flow.RunAsync(rows, progress, totalRows, drainToken, abortToken, journal);

    /// <summary>Labels an in-memory list of rows.</summary>
    public async Task<IReadOnlyList<LabelledRow>> RunAsync(IEnumerable<IReadOnlyDictionary<string, object?>> rows, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var list = rows as IReadOnlyCollection<IReadOnlyDictionary<string, object?>> ?? rows.ToList();
        var results = new List<LabelledRow>(list.Count);
        await foreach (var row in RunAsync(list.ToAsyncEnumerable(), progress, list.Count, abortToken: cancellationToken))
            results.Add(row);
        return results;
    }
}

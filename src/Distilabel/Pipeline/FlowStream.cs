using Distilabel.Pipeline.Journal;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>
/// Rows flowing through steps, as streaming operators over <see cref="IAsyncEnumerable{T}"/>:
/// <c>rows.Generate(pool, 4).Explode(…).Label&lt;HelpSteer&gt;(judge)</c>. Enumerating it runs the <see cref="Flow"/>
/// over the source rows (each enumeration runs it again).
/// </summary>
public sealed class FlowStream : IAsyncEnumerable<LabelledRow>
{
    private readonly IAsyncEnumerable<IReadOnlyDictionary<string, object?>> _source;
    private readonly IRowJournal? _journal;
    private readonly IProgress<PipelineProgress>? _progress;
    private readonly long? _totalRows;

    internal FlowStream(IAsyncEnumerable<IReadOnlyDictionary<string, object?>> source, Flow flow, IRowJournal? journal = null, IProgress<PipelineProgress>? progress = null, long? totalRows = null)
    {
        _source = source;
        Flow = flow;
        _journal = journal;
        _progress = progress;
        _totalRows = totalRows;
    }

    /// <summary>The steps.</summary>
    public Flow Flow { get; }

    /// <summary>The key a journal for this stream is opened with (<see cref="Flow.RunKey"/>).</summary>
    public RunKey RunKey => Flow.RunKey;

    /// <inheritdoc cref="Flow.Label(LlmTaskDefinition, IChatClient, PipelineOptions?, string?)"/>
    public FlowStream Label(LlmTaskDefinition task, IChatClient llm, PipelineOptions? options = null, string? name = null) => With(Flow.Label(task, llm, options, name));

    /// <inheritdoc cref="Flow.Label{TTask}(IChatClient, PipelineOptions?, string?)"/>
    public FlowStream Label<TTask>(IChatClient llm, PipelineOptions? options = null, string? name = null)
        where TTask : ILlmTask<TTask>
        => With(Flow.Label<TTask>(llm, options, name));

    /// <inheritdoc cref="Flow.Generate(LlmPool, int, PipelineOptions?, string?, string?)"/>
    public FlowStream Generate(LlmPool pool, int numGenerations = 1, PipelineOptions? options = null, string? systemPrompt = null, string? name = null)
        => With(Flow.Generate(pool, numGenerations, options, systemPrompt, name));

    /// <inheritdoc cref="Flow.Generate(IChatClient, int, PipelineOptions?, string?, string?)"/>
    public FlowStream Generate(IChatClient llm, int numGenerations = 1, PipelineOptions? options = null, string? systemPrompt = null, string? name = null)
        => With(Flow.Generate(llm, numGenerations, options, systemPrompt, name));

    /// <inheritdoc cref="Flow.Explode"/>
    public FlowStream Explode(IEnumerable<string> columns, IReadOnlyDictionary<string, string>? rename = null) => With(Flow.Explode(columns, rename));

    /// <inheritdoc cref="Flow.Select"/>
    public FlowStream Select(params IEnumerable<string> columns) => With(Flow.Select(columns));

    /// <inheritdoc cref="Flow.Rename"/>
    public FlowStream Rename(IReadOnlyDictionary<string, string> rename) => With(Flow.Rename(rename));

    /// <summary>Keeps every LLM step's finished rows in <paramref name="journal"/> (opened with <see cref="RunKey"/>) and reuses those it holds.</summary>
    public FlowStream WithJournal(IRowJournal journal) => new(_source, Flow, journal ?? throw new ArgumentNullException(nameof(journal)), _progress, _totalRows);

    /// <summary>Reports progress after every row that leaves the last step.</summary>
    public FlowStream WithProgress(IProgress<PipelineProgress> progress, long? totalRows = null) => new(_source, Flow, _journal, progress, totalRows);

    /// <inheritdoc />
    public IAsyncEnumerator<LabelledRow> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => Flow.RunAsync(_source, _progress, _totalRows, abortToken: cancellationToken, journal: _journal).GetAsyncEnumerator(cancellationToken);

    private FlowStream With(Flow flow) => new(_source, flow, _journal, _progress, _totalRows);
}

/// <summary>The first step of a <see cref="FlowStream"/> over plain rows.</summary>
public static class FlowStreamExtensions
{
    /// <summary>The rows as a stream of steps without any step yet.</summary>
    public static FlowStream AsFlow(this IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new FlowStream(rows, new Flow());
    }

    /// <inheritdoc cref="Flow.Generate(LlmPool, int, PipelineOptions?, string?, string?)"/>
    public static FlowStream Generate(this IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows, LlmPool pool, int numGenerations = 1, PipelineOptions? options = null, string? systemPrompt = null, string? name = null)
        => rows.AsFlow().Generate(pool, numGenerations, options, systemPrompt, name);

    /// <inheritdoc cref="Flow.Generate(IChatClient, int, PipelineOptions?, string?, string?)"/>
    public static FlowStream Generate(this IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows, IChatClient llm, int numGenerations = 1, PipelineOptions? options = null, string? systemPrompt = null, string? name = null)
        => rows.AsFlow().Generate(llm, numGenerations, options, systemPrompt, name);

    /// <inheritdoc cref="Flow.Label{TTask}(IChatClient, PipelineOptions?, string?)"/>
    public static FlowStream Label<TTask>(this IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows, IChatClient llm, PipelineOptions? options = null, string? name = null)
        where TTask : ILlmTask<TTask>
        => rows.AsFlow().Label<TTask>(llm, options, name);

    /// <inheritdoc cref="Flow.Label(LlmTaskDefinition, IChatClient, PipelineOptions?, string?)"/>
    public static FlowStream Label(this IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows, LlmTaskDefinition task, IChatClient llm, PipelineOptions? options = null, string? name = null)
        => rows.AsFlow().Label(task, llm, options, name);
}

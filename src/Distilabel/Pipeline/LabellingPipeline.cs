using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Distilabel.Llms;
using Distilabel.Pipeline.Journal;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>
/// Runs a task over a dataset against a labeller LLM (optionally after generator LLMs), as in distilabel's
/// <c>Pipeline(generator=…, labeller=…).generate(dataset)</c>.
/// </summary>
/// <remarks>
/// Rows stream in and out; memory is bounded by <see cref="PipelineOptions.Concurrency"/> and the reorder
/// window, never by the dataset. Requests run in a sliding window; output order equals input order.
/// An LLM error or an unparsable answer never stops the run nor drops the row: its outputs are null and
/// <c>raw_labelling_response</c> / <c>labelling_error</c> say what happened. Only errors that would hit every
/// row (bad key, unknown model, unreachable server) stop the run, with a <see cref="PipelineAbortedException"/>.
/// With a run journal (<see cref="IRowJournal"/>, e.g. <see cref="RunJournal"/>) every row is made durable as soon as
/// it finishes (not when it is yielded), and rows a previous run finished are returned from the journal without
/// asking the LLM, so a resumed run yields exactly what an uninterrupted one would.
/// </remarks>
public sealed class LabellingPipeline
{
    private readonly LlmTaskDefinition _task;
    private readonly IChatClient _labeller;
    private readonly IReadOnlyList<ResponseGenerator> _generators;
    private readonly PipelineOptions _options;
    private readonly string _labellerName;

    /// <summary>A pipeline that labels rows with <paramref name="task"/> using <paramref name="labeller"/>.</summary>
    public LabellingPipeline(LlmTaskDefinition task, IChatClient labeller, PipelineOptions? options = null, IEnumerable<ResponseGenerator>? generators = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(labeller);
        _task = task;
        _labeller = labeller;
        _options = options ?? new PipelineOptions();
        _options.Validate();
        _generators = generators?.ToArray() ?? [];
        foreach (var generator in _generators)
        {
            if (generator.NumGenerations < 1)
                throw new ArgumentOutOfRangeException(nameof(generators), generator.NumGenerations, "num_generations must be at least 1");
        }

        if (_generators.Count > 0 && !task.Descriptor.Inputs.Any(i => i.Name == _options.GenerationTarget))
        {
            throw new ArgumentException(
                $"With generators, the task input '{_options.GenerationTarget}' receives the generated responses, but task '{task.Descriptor.Name}' has no such input (it has: {string.Join(", ", task.Descriptor.Inputs.Select(i => i.Name))}). Set PipelineOptions.GenerationTarget.",
                nameof(options));
        }

        _labellerName = ModelName(labeller, _options.LabellerName);
    }

    /// <summary>A pipeline for a generated task type.</summary>
    public static LabellingPipeline For<TTask>(IChatClient labeller, PipelineOptions? options = null, IEnumerable<ResponseGenerator>? generators = null)
        where TTask : ILlmTask<TTask>
        => new(LlmTaskDefinition.Of<TTask>(), labeller, options, generators);

    /// <summary>The task this pipeline runs.</summary>
    public LlmTaskDefinition Task => _task;

    /// <summary>The options in force.</summary>
    public PipelineOptions Options => _options;

    /// <summary>The name written to <c>labelling_model</c>.</summary>
    public string LabellerName => _labellerName;

    /// <summary>
    /// What this pipeline's answers depend on besides the row: task name and prompt fingerprint, labeller model,
    /// generation options, grammar / JSON-schema constraints and generators. A run journal is bound to it.
    /// </summary>
    public RunKey RunKey
    {
        get
        {
            var invariant = CultureInfo.InvariantCulture;
            var components = new Dictionary<string, string>
            {
                ["task"] = _task.Descriptor.Name,
                ["prompt"] = _task.Descriptor.Fingerprint,
                ["model"] = _labellerName,
                ["max_new_tokens"] = _options.MaxNewTokens.ToString(invariant),
                ["temperature"] = _options.Temperature.ToString("R", invariant),
                ["seed"] = _options.Seed?.ToString(invariant) ?? "none",
                ["grammar"] = _options.UseGrammar ? "on" : "off",
                ["json_schema"] = _options.UseJsonSchema ? "on" : "off",
            };
            if (_generators.Count > 0)
            {
                components["generators"] = string.Join(" | ", _generators.Select(g =>
                    $"{ModelName(g.Client, g.Name)} x{g.NumGenerations}" + (g.SystemPrompt is null ? "" : " system:" + RowFingerprint.ComputeHex(new Dictionary<string, object?> { ["system"] = g.SystemPrompt })[..12])));
                components["generation_target"] = _options.GenerationTarget;
                components["instruction_column"] = _options.InstructionColumn;
            }

            return new RunKey(components);
        }
    }

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
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new Run(this, progress, totalRows, journal).ExecuteAsync(rows, drainToken, abortToken);
    }

    /// <summary>Labels an in-memory list of rows.</summary>
    public async Task<IReadOnlyList<LabelledRow>> RunAsync(IEnumerable<IReadOnlyDictionary<string, object?>> rows, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var list = rows as IReadOnlyCollection<IReadOnlyDictionary<string, object?>> ?? rows.ToList();
        var results = new List<LabelledRow>(list.Count);
        await foreach (var row in RunAsync(list.ToAsyncEnumerable(), progress, list.Count, abortToken: cancellationToken))
            results.Add(row);
        return results;
    }

    private ChatOptions LabellingOptions()
    {
        var options = GenerationOptions();
        if (_options.UseGrammar)
            options.WithGrammar(_task.OutputGrammar);
        if (_options.UseJsonSchema)
        {
            using var schema = JsonDocument.Parse(_task.OutputJsonSchema);
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), _task.Descriptor.Name);
        }

        return options;
    }

    private ChatOptions GenerationOptions() => new()
    {
        MaxOutputTokens = _options.MaxNewTokens,
        Temperature = _options.Temperature,
        Seed = _options.Seed,
    };

    private static string ModelName(IChatClient client, string? explicitName)
        => explicitName ?? client.GetService<ChatClientMetadata>()?.DefaultModelId ?? client.GetType().Name;

    /// <summary>The state of one run.</summary>
    private sealed class Run(LabellingPipeline pipeline, IProgress<PipelineProgress>? progress, long? totalRows, IRowJournal? journal)
    {
        /// <summary>Tokens spent on the row being processed (flows into its requests).</summary>
        private static readonly AsyncLocal<RowUsage?> CurrentRowUsage = new();

        private readonly RunStatistics _statistics = new(totalRows);
        private readonly SemaphoreSlim _requestSlots = new(pipeline._options.Concurrency, pipeline._options.Concurrency);
        private readonly ChatOptions _labellingOptions = pipeline.LabellingOptions();
        private PipelineAbortedException? _abortReason;

        public async IAsyncEnumerable<LabelledRow> ExecuteAsync(
            IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
            CancellationToken drainToken,
            [EnumeratorCancellation] CancellationToken abortToken)
        {
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(abortToken);
            var window = Channel.CreateBounded<Task<LabelledRow>>(new BoundedChannelOptions(pipeline._options.EffectiveReorderWindow)
            {
                SingleReader = true,
                SingleWriter = true,
            });
            var producer = ProduceAsync(rows, window.Writer, drainToken, abort);
            try
            {
                while (true)
                {
                    LabelledRow result;
                    try
                    {
                        if (!await window.Reader.WaitToReadAsync(abort.Token).ConfigureAwait(false))
                            break;
                        if (!window.Reader.TryRead(out var pending))
                            continue;
                        result = await pending.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_abortReason is not null)
                    {
                        throw _abortReason;
                    }

                    progress?.Report(_statistics.Snapshot());
                    yield return result;
                }

                await producer.ConfigureAwait(false);
            }
            finally
            {
                // Leaving early (consumer stopped, abort, error): cancel what is still running, then wait for it.
                await abort.CancelAsync().ConfigureAwait(false);
                await Drain(window.Reader, producer).ConfigureAwait(false);
            }
        }

        private async Task ProduceAsync(
            IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
            ChannelWriter<Task<LabelledRow>> window,
            CancellationToken drainToken,
            CancellationTokenSource abort)
        {
            await System.Threading.Tasks.Task.Yield();
            try
            {
                long index = 0;
                await foreach (var row in rows.WithCancellation(abort.Token).ConfigureAwait(false))
                {
                    if (drainToken.IsCancellationRequested)
                        break;
                    var pending = ProcessRowAsync(index++, row, abort);
                    await window.WriteAsync(pending, abort.Token).ConfigureAwait(false);
                }

                window.TryComplete();
            }
            catch (Exception exception)
            {
                window.TryComplete(exception is OperationCanceledException && _abortReason is not null ? _abortReason : exception);
            }
        }

        private static async Task Drain(ChannelReader<Task<LabelledRow>> reader, Task producer)
        {
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Already surfaced through the channel.
            }

            while (reader.TryRead(out var pending))
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Cancelled or aborted rows are not returned; a resumed run asks them again.
                }
            }
        }

        private async Task<LabelledRow> ProcessRowAsync(long index, IReadOnlyDictionary<string, object?> row, CancellationTokenSource abort)
        {
            await System.Threading.Tasks.Task.Yield();
            if (journal is null)
                return await ComputeRowAsync(index, row, abort).ConfigureAwait(false);

            var fingerprint = RowFingerprint.Compute(row);
            if (journal.Find(index, fingerprint) is { } saved)
                return Restore(index, row, saved);

            var usage = new RowUsage();
            CurrentRowUsage.Value = usage;
            var result = await ComputeRowAsync(index, row, abort).ConfigureAwait(false);

            // Made durable as soon as the row is finished, before it waits in the reorder window: a kill loses only rows in flight.
            var added = new List<KeyValuePair<string, object?>>();
            foreach (var (column, value) in result.Values)
            {
                if (!row.TryGetValue(column, out var input) || !ReferenceEquals(input, value))
                    added.Add(new(column, value));
            }

            var raw = result.Values.GetValueOrDefault(ColumnNames.RawLabellingResponse);
            journal.Record(new JournaledRow(
                index,
                fingerprint,
                added,
                result.Error,
                raw as string ?? (raw is IEnumerable<string?> raws ? string.Join("\n", raws) : null),
                Interlocked.Read(ref usage.InputTokens),
                Interlocked.Read(ref usage.OutputTokens)));
            return result;
        }

        /// <summary>A row finished by an earlier run: the input row's columns, then the journaled ones, as a live run builds them.</summary>
        private LabelledRow Restore(long index, IReadOnlyDictionary<string, object?> row, JournaledRow saved)
        {
            var values = new OrderedDictionary<string, object?>(row.Count + saved.Columns.Count);
            foreach (var (column, value) in row)
                values[column] = value;
            foreach (var (column, value) in saved.Columns)
                values[column] = value;
            _statistics.RowFinished(failed: saved.Error is not null);
            return new LabelledRow(index, values, saved.Error);
        }

        private async Task<LabelledRow> ComputeRowAsync(long index, IReadOnlyDictionary<string, object?> row, CancellationTokenSource abort)
        {
            var task = pipeline._task;
            var values = new OrderedDictionary<string, object?>(row.Count + task.Descriptor.Outputs.Count + 6);
            foreach (var (column, value) in row)
                values[column] = value;

            // With generators the task's input is only complete once a response is generated.
            if (pipeline._generators.Count > 0)
                return await GenerateThenLabelAsync(index, row, values, abort).ConfigureAwait(false);

            object input;
            try
            {
                input = task.FromRow(row);
            }
            catch (TaskInputException exception)
            {
                return Finish(index, WithNullOutputs(values, generations: null), raw: null, $"bad input: {exception.Message}");
            }

            var (raw, error) = await LabelAsync(index, input, values, abort).ConfigureAwait(false);
            return Finish(index, values, raw, error);
        }

        private async Task<(string? Raw, string? Error)> LabelAsync(long index, object input, OrderedDictionary<string, object?> target, CancellationTokenSource abort)
        {
            var task = pipeline._task;
            var (raw, error) = await AskAsync(index, pipeline._labeller, task.BuildPrompt(input), _labellingOptions, abort).ConfigureAwait(false);
            if (error is not null)
            {
                WithNullOutputs(target, generations: null);
                return (raw, error);
            }

            var outputs = task.ToRow(task.ParseOutput(input, raw ?? ""));
            var missing = new List<string>();
            foreach (var output in task.Descriptor.Outputs)
            {
                var value = outputs[output.Name];
                target[output.Name] = value;
                if (value is null)
                    missing.Add(output.Name);
            }

            return missing.Count == 0
                ? (raw, null)
                : (raw, missing.Count == task.Descriptor.Outputs.Count
                    ? "unparsable answer: no valid value for any output"
                    : $"unparsable answer: no valid value for {string.Join(", ", missing)}");
        }

        private async Task<LabelledRow> GenerateThenLabelAsync(long index, IReadOnlyDictionary<string, object?> row, OrderedDictionary<string, object?> values, CancellationTokenSource abort)
        {
            var options = pipeline._options;
            var instruction = row.TryGetValue(options.InstructionColumn, out var value) && value is string text && !string.IsNullOrWhiteSpace(text) ? text : null;
            if (instruction is null)
                return Finish(index, WithNullOutputs(values, generations: 0), raw: null, $"bad input: column '{options.InstructionColumn}' (the generators' instruction) is missing or empty");

            var calls = pipeline._generators
                .SelectMany(g => Enumerable.Range(0, g.NumGenerations).Select(_ => g))
                .Select(async generator =>
                {
                    var messages = new List<ChatMessage>();
                    if (generator.SystemPrompt is not null)
                        messages.Add(new ChatMessage(ChatRole.System, generator.SystemPrompt));
                    messages.Add(new ChatMessage(ChatRole.User, instruction));
                    var (raw, error) = await AskAsync(index, generator.Client, messages, pipeline.GenerationOptions(), abort).ConfigureAwait(false);
                    return (Model: ModelName(generator.Client, generator.Name), Raw: raw, Error: error);
                })
                .ToList();
            var generations = await System.Threading.Tasks.Task.WhenAll(calls).ConfigureAwait(false);

            var ratings = new Dictionary<string, List<long?>>();
            var texts = new Dictionary<string, List<string?>>();
            foreach (var output in pipeline._task.Descriptor.Outputs)
            {
                if (output.Kind == LlmOutputKind.Rating)
                    ratings[output.Name] = new List<long?>(generations.Length);
                else
                    texts[output.Name] = new List<string?>(generations.Length);
            }

            var raws = new List<string?>(generations.Length);
            var errors = new List<string>();
            for (var g = 0; g < generations.Length; g++)
            {
                var (_, generated, generationError) = generations[g];
                var scratch = new OrderedDictionary<string, object?>();
                string? raw = null;
                string? error = generationError is null ? null : $"generation {g + 1}: {generationError}";
                if (error is null)
                {
                    var labelled = new Dictionary<string, object?>(row) { [options.GenerationTarget] = generated };
                    try
                    {
                        (raw, var labelError) = await LabelAsync(index, pipeline._task.FromRow(labelled), scratch, abort).ConfigureAwait(false);
                        error = labelError is null ? null : $"generation {g + 1}: {labelError}";
                    }
                    catch (TaskInputException exception)
                    {
                        error = $"generation {g + 1}: bad input: {exception.Message}";
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

            values[ColumnNames.Generations] = generations.Select(g => g.Raw).ToList();
            values[ColumnNames.GenerationModels] = generations.Select(g => (string?)g.Model).ToList();
            values[ColumnNames.RawGenerationResponses] = generations.Select(g => g.Raw).ToList();
            foreach (var (name, list) in ratings)
                values[name] = list;
            foreach (var (name, list) in texts)
                values[name] = list;
            return Finish(index, values, raws, errors.Count == 0 ? null : string.Join("; ", errors));
        }

        /// <summary>One LLM call inside a request slot. Returns the answer or a secret-free error; throws only to abort the run.</summary>
        private async Task<(string? Raw, string? Error)> AskAsync(long index, IChatClient client, IList<ChatMessage> messages, ChatOptions options, CancellationTokenSource abort)
        {
            await _requestSlots.WaitAsync(abort.Token).ConfigureAwait(false);
            try
            {
                // A slot freed by a cancelled request may reach a waiter before its own cancellation does.
                abort.Token.ThrowIfCancellationRequested();
                var response = await client.GetResponseAsync(messages, options.Clone(), abort.Token).ConfigureAwait(false);
                _statistics.AddUsage(response.Usage);
                if (CurrentRowUsage.Value is { } rowUsage)
                {
                    Interlocked.Add(ref rowUsage.InputTokens, response.Usage?.InputTokenCount ?? 0);
                    Interlocked.Add(ref rowUsage.OutputTokens, response.Usage?.OutputTokenCount ?? 0);
                }

                if (response.FinishReason == ChatFinishReason.ContentFilter)
                    return (response.Text, "content filtered (finish_reason content_filter)");
                return (response.Text, null);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                var error = LlmErrors.Classify(exception);
                if (error.Category == LlmErrorCategory.Configuration)
                {
                    var aborted = new PipelineAbortedException($"row {index}: {error.Reason}", index, exception);
                    Interlocked.CompareExchange(ref _abortReason, aborted, null);
                    await abort.CancelAsync().ConfigureAwait(false);
                    throw _abortReason!;
                }

                return (null, error.Reason);
            }
            finally
            {
                _requestSlots.Release();
            }
        }

        private OrderedDictionary<string, object?> WithNullOutputs(OrderedDictionary<string, object?> values, int? generations)
        {
            foreach (var output in pipeline._task.Descriptor.Outputs)
            {
                values[output.Name] = generations is null ? null
                    : output.Kind == LlmOutputKind.Rating ? new List<long?>() : new List<string?>();
            }

            if (generations is not null)
            {
                values[ColumnNames.Generations] = new List<string?>();
                values[ColumnNames.GenerationModels] = new List<string?>();
                values[ColumnNames.RawGenerationResponses] = new List<string?>();
            }

            return values;
        }

        private LabelledRow Finish(long index, OrderedDictionary<string, object?> values, object? raw, string? error)
        {
            values[ColumnNames.LabellingModel] = pipeline._labellerName;
            values[ColumnNames.RawLabellingResponse] = raw;
            values[ColumnNames.LabellingError] = error;
            _statistics.RowFinished(failed: error is not null);
            return new LabelledRow(index, values, error);
        }
    }

    /// <summary>Tokens spent on one row.</summary>
    private sealed class RowUsage
    {
        public long InputTokens;
        public long OutputTokens;
    }
}

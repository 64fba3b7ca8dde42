using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Distilabel.LlamaCpp;

/// <summary>
/// An <see cref="IChatClient"/> that runs a GGUF model in-process with llama.cpp (LLamaSharp, CPU backend).
/// The chat is rendered with the model's own chat template from its GGUF metadata (or <see cref="LlamaCppChatClientOptions.ChatTemplate"/>).
/// Honours <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.Temperature"/> (0 = greedy),
/// <see cref="ChatOptions.Seed"/>, <see cref="ChatOptions.TopP"/>, <see cref="ChatOptions.TopK"/>, the penalties,
/// <see cref="ChatOptions.StopSequences"/>, a GBNF grammar set with <see cref="GrammarChatOptionsExtensions.WithGrammar"/>,
/// and <see cref="ChatResponseFormat.Json"/> (any JSON object; a schema is not enforced). Reports token usage.
/// Thread-safe: up to <see cref="LlamaCppChatClientOptions.MaxConcurrency"/> requests run at once, each in its own context.
/// </summary>
public sealed class LlamaCppChatClient : IChatClient
{
    private const string ChatTemplateMetadataKey = "tokenizer.chat_template";
    private const string FallbackTemplate = "chatml";

    /// <summary>LLamaSharp's defaults, for the settings a request leaves unset (its sampler properties are init-only).</summary>
    private static readonly (float TopP, int TopK, float FrequencyPenalty, float PresencePenalty) SamplerDefaults = ReadSamplerDefaults();

    private readonly LLamaWeights _weights;
    private readonly ModelParams _contextParams;
    private readonly LlamaCppChatClientOptions _options;
    private readonly ConcurrentBag<LLamaContext> _idleContexts = [];
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly string? _templateName;
    private readonly ChatClientMetadata _metadata;
    private int _disposed;

    private LlamaCppChatClient(string modelPath, LLamaWeights weights, ModelParams contextParams, LlamaCppChatClientOptions options)
    {
        _weights = weights;
        _contextParams = contextParams;
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        ModelPath = modelPath;
        ModelId = options.ModelId ?? Path.GetFileNameWithoutExtension(modelPath);
        ModelChatTemplate = weights.Metadata.TryGetValue(ChatTemplateMetadataKey, out var jinja) && !string.IsNullOrWhiteSpace(jinja) ? jinja : null;
        _templateName = options.ChatTemplate ?? (ModelChatTemplate is null || !ModelTemplateWorks() ? FallbackTemplate : null);
        _metadata = new ChatClientMetadata("llama.cpp", new Uri(Path.GetFullPath(modelPath)), ModelId);
    }

    /// <summary>Loads the model at <paramref name="modelPath"/> (a <c>.gguf</c> file).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static LlamaCppChatClient Load(string modelPath, LlamaCppChatClientOptions? options = null)
    {
        var (path, modelParams, opts) = Prepare(modelPath, options);
        var weights = LoadWeights(path, () => LLamaWeights.LoadFromFile(modelParams));
        return Create(path, weights, modelParams, opts);
    }

    /// <summary>Loads the model at <paramref name="modelPath"/> (a <c>.gguf</c> file) without blocking the caller.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static async Task<LlamaCppChatClient> LoadAsync(string modelPath, LlamaCppChatClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (path, modelParams, opts) = Prepare(modelPath, options);
        var weights = await Task.Run(() => LoadWeights(path, () => LLamaWeights.LoadFromFile(modelParams)), cancellationToken).ConfigureAwait(false);
        return Create(path, weights, modelParams, opts);
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The model id reported in responses.</summary>
    public string ModelId { get; }

    /// <summary>The Jinja chat template stored in the model (<c>tokenizer.chat_template</c>), or null when it has none.</summary>
    public string? ModelChatTemplate { get; }

    /// <summary>Which template renders chats: <c>"model"</c> (the model's own) or the llama.cpp template name used instead.</summary>
    public string ChatTemplateName => _templateName ?? "model";

    /// <summary>The tokens the context holds, prompt plus answer.</summary>
    public int ContextSize => (int)_contextParams.ContextSize!.Value;

    /// <summary>The text the model sees for <paramref name="messages"/>: the chat rendered with the chat template, ready for the answer.</summary>
    public string FormatPrompt(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var template = _templateName is null ? new LLamaTemplate(_weights, strict: true) : new LLamaTemplate(_templateName);
        template.AddAssistant = true;
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
            template.Add("system", options.Instructions);
        foreach (var message in messages)
            template.Add(message.Role.Value, message.Text);
        return Encoding.UTF8.GetString(template.Apply());
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(messages, options);
        var result = await RunAsync(request, onText: null, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
        {
            ResponseId = request.Id,
            ModelId = ModelId,
            CreatedAt = request.CreatedAt,
            FinishReason = result.FinishReason,
            Usage = result.Usage,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(messages, options);
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var generation = Task.Run(async () =>
        {
            try
            {
                return await RunAsync(request, text => channel.Writer.TryWrite(text), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);

        await foreach (var text in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, text)
            {
                ResponseId = request.Id,
                MessageId = request.Id,
                ModelId = ModelId,
                CreatedAt = request.CreatedAt,
            };
        }

        var result = await generation.ConfigureAwait(false);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(result.Usage)])
        {
            ResponseId = request.Id,
            MessageId = request.Id,
            ModelId = ModelId,
            CreatedAt = request.CreatedAt,
            FinishReason = result.FinishReason,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    /// <remarks>Requests still waiting for a context fail with <see cref="ObjectDisposedException"/>; running ones stop at their next token.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _lifetime.Cancel();
        // Wait for running requests to stop so no context is freed under them.
        for (var i = 0; i < _options.MaxConcurrency; i++)
            _slots.Wait();
        while (_idleContexts.TryTake(out var context))
            context.Dispose();
        _weights.Dispose();
        _lifetime.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"llama.cpp chat client for '{ModelId}'";

    private static (string Path, ModelParams Params, LlamaCppChatClientOptions Options) Prepare(string modelPath, LlamaCppChatClientOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        options ??= new LlamaCppChatClientOptions();
        options.Validate();
        var path = Path.GetFullPath(modelPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no GGUF model at {path}.", path);
        LlamaCppNative.Configure();
        var modelParams = new ModelParams(path)
        {
            ContextSize = options.ContextSize,
            Threads = options.Threads,
            BatchThreads = options.Threads,
            GpuLayerCount = options.GpuLayerCount,
        };
        return (path, modelParams, options);
    }

    private static LLamaWeights LoadWeights(string path, Func<LLamaWeights> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new LlmConfigurationException($"Cannot load the GGUF model at {path}: {ex.Message}", innerException: ex);
        }
    }

    private static LlamaCppChatClient Create(string path, LLamaWeights weights, ModelParams modelParams, LlamaCppChatClientOptions options)
    {
        // Never ask for more context than the model was trained for.
        if (weights.ContextSize > 0 && modelParams.ContextSize > (uint)weights.ContextSize)
            modelParams.ContextSize = (uint)weights.ContextSize;
        return new LlamaCppChatClient(path, weights, modelParams, options);
    }

    private GenerationRequest CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var prompt = FormatPrompt(messages, options);
        var grammar = options.GetGrammar() ?? (options?.ResponseFormat is ChatResponseFormatJson ? JsonGrammar.AnyObject : null);
        if (grammar is not null)
            GbnfValidator.EnsureValid(_weights, grammar);
        return new GenerationRequest(
            Id: "chatcmpl-" + Guid.NewGuid().ToString("N"),
            CreatedAt: DateTimeOffset.UtcNow,
            Prompt: prompt,
            MaxTokens: options?.MaxOutputTokens is > 0 and var max ? max : _options.DefaultMaxOutputTokens,
            Temperature: options?.Temperature ?? _options.DefaultTemperature,
            TopP: options?.TopP,
            TopK: options?.TopK,
            FrequencyPenalty: options?.FrequencyPenalty,
            PresencePenalty: options?.PresencePenalty,
            Seed: options?.Seed is { } seed ? unchecked((uint)seed) : (uint)Random.Shared.Next(),
            Grammar: grammar,
            StopSequences: options?.StopSequences?.Where(s => !string.IsNullOrEmpty(s)).ToArray() ?? []);
    }

    private async Task<GenerationResult> RunAsync(GenerationRequest request, Action<string>? onText, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, LifetimeToken());
        var token = linked.Token;
        try
        {
            await _slots.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(ToString());
        }

        LLamaContext? context = null;
        var healthy = false;
        try
        {
            context = _idleContexts.TryTake(out var idle) ? idle : _weights.CreateContext(_contextParams);
            var ctx = context;
            var result = await Task.Run(() => Generate(ctx, request, onText, token), token).ConfigureAwait(false);
            healthy = true;
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            healthy = context is not null;
            throw new ObjectDisposedException(ToString());
        }
        catch (OperationCanceledException)
        {
            healthy = context is not null;
            throw;
        }
        finally
        {
            if (context is not null)
            {
                // A context that failed mid-decode is not trusted again.
                if (healthy && _disposed == 0)
                {
                    context.NativeHandle.MemoryClear(data: false);
                    _idleContexts.Add(context);
                }
                else
                {
                    context.Dispose();
                }
            }

            _slots.Release();
        }
    }

    private CancellationToken LifetimeToken()
    {
        try
        {
            return _lifetime.Token;
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(ToString());
        }
    }

    /// <summary>Whether llama.cpp recognises the model's Jinja template (it knows a fixed list of templates by their markers).</summary>
    private bool ModelTemplateWorks()
    {
        try
        {
            var probe = new LLamaTemplate(_weights, strict: true) { AddAssistant = true };
            probe.Add("system", "s").Add("user", "u");
            return probe.Apply().Length > 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private GenerationResult Generate(LLamaContext context, GenerationRequest request, Action<string>? onText, CancellationToken cancellationToken)
    {
        var vocab = _weights.Vocab;
        var addBos = vocab.ShouldAddBOS && !StartsWithBos(request.Prompt);
        var promptTokens = context.Tokenize(request.Prompt, addBos, special: true);
        if (promptTokens.Length == 0)
            throw new ArgumentException("The chat renders to an empty prompt.");
        var contextSize = (int)context.ContextSize;
        if (promptTokens.Length >= contextSize)
            throw new ArgumentException($"The prompt has {promptTokens.Length} tokens but the context holds {contextSize}: shorten the inputs or raise {nameof(LlamaCppChatClientOptions.ContextSize)}.");
        var maxTokens = Math.Min(request.MaxTokens, contextSize - promptTokens.Length);

        using var sampler = CreateSampler(request);
        var batch = new LLamaBatch();
        var position = 0;

        // The prompt, in chunks no larger than the batch size; only the last token needs logits.
        var batchSize = Math.Max(1, (int)context.BatchSize);
        for (var start = 0; start < promptTokens.Length; start += batchSize)
        {
            batch.Clear();
            var end = Math.Min(start + batchSize, promptTokens.Length);
            for (var i = start; i < end; i++)
                batch.Add(promptTokens[i], position++, LLamaSeqId.Zero, i == promptTokens.Length - 1);
            Decode(context, batch);
        }

        var decoder = new StreamingTokenDecoder(context);
        var text = new StringBuilder();
        var generated = 0;
        var finishReason = ChatFinishReason.Length;
        while (generated < maxTokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(vocab))
            {
                finishReason = ChatFinishReason.Stop;
                break;
            }

            generated++;
            decoder.Add(token);
            var piece = decoder.Read();
            if (piece.Length > 0)
            {
                var before = text.Length;
                text.Append(piece);
                if (request.StopSequences.Length > 0 && FindStop(text, before, request.StopSequences) is { } stopAt)
                {
                    if (stopAt > before)
                        onText?.Invoke(text.ToString(before, stopAt - before));
                    text.Length = stopAt;
                    finishReason = ChatFinishReason.Stop;
                    break;
                }

                onText?.Invoke(piece);
            }

            if (generated >= maxTokens)
                break;
            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, true);
            Decode(context, batch);
        }

        var usage = new UsageDetails
        {
            InputTokenCount = promptTokens.Length,
            OutputTokenCount = generated,
            TotalTokenCount = promptTokens.Length + generated,
        };
        return new GenerationResult(text.ToString(), finishReason, usage);
    }

    private static DefaultSamplingPipeline CreateSampler(GenerationRequest request) => new()
    {
        Temperature = request.Temperature,
        Seed = request.Seed,
        TopP = request.TopP ?? SamplerDefaults.TopP,
        TopK = request.TopK ?? SamplerDefaults.TopK,
        FrequencyPenalty = request.FrequencyPenalty ?? SamplerDefaults.FrequencyPenalty,
        PresencePenalty = request.PresencePenalty ?? SamplerDefaults.PresencePenalty,
        Grammar = request.Grammar is { } gbnf ? new Grammar(gbnf, "root") : null,
    };

    private static (float, int, float, float) ReadSamplerDefaults()
    {
        using var defaults = new DefaultSamplingPipeline();
        return (defaults.TopP, defaults.TopK, defaults.FrequencyPenalty, defaults.PresencePenalty);
    }

    private static void Decode(LLamaContext context, LLamaBatch batch)
    {
        var result = context.Decode(batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama.cpp failed to decode ({result}).");
    }

    private bool StartsWithBos(string prompt)
    {
        if (_weights.Vocab.BOS is not { } bos)
            return false;
        var bosText = _weights.Vocab.LLamaTokenToString(bos, isSpecialToken: true);
        return !string.IsNullOrEmpty(bosText) && prompt.StartsWith(bosText, StringComparison.Ordinal);
    }

    /// <summary>Where the first stop sequence that ends after <paramref name="from"/> starts, or null.</summary>
    private static int? FindStop(StringBuilder text, int from, string[] stops)
    {
        var longest = stops.Max(s => s.Length);
        var windowStart = Math.Max(0, from - longest + 1);
        var window = text.ToString(windowStart, text.Length - windowStart);
        int? best = null;
        foreach (var stop in stops)
        {
            var index = window.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (best is null || windowStart + index < best))
                best = windowStart + index;
        }

        return best;
    }

    private sealed record GenerationRequest(
        string Id,
        DateTimeOffset CreatedAt,
        string Prompt,
        int MaxTokens,
        float Temperature,
        float? TopP,
        int? TopK,
        float? FrequencyPenalty,
        float? PresencePenalty,
        uint Seed,
        string? Grammar,
        string[] StopSequences);

    private sealed record GenerationResult(string Text, ChatFinishReason FinishReason, UsageDetails Usage);
}

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
/// Thread-safe: concurrent requests are decoded together, up to <see cref="LlamaCppChatClientOptions.MaxConcurrency"/>
/// sequences in one llama.cpp batch (each with its own sampler and grammar); a prompt prefix already in the KV cache
/// (the system prompt and instructions rows share) is reused, not evaluated again.
/// </summary>
public sealed class LlamaCppChatClient : IChatClient
{
    private const string ChatTemplateMetadataKey = "tokenizer.chat_template";
    private const string FallbackTemplate = "chatml";

    private readonly LLamaWeights _weights;
    private readonly ModelParams _contextParams;
    private readonly LlamaCppChatClientOptions _options;
    private readonly BatchedDecoder _decoder;
    private readonly string? _templateName;
    private readonly ChatClientMetadata _metadata;
    private int _disposed;

    private LlamaCppChatClient(string modelPath, LLamaWeights weights, ModelParams contextParams, LlamaCppChatClientOptions options)
    {
        _weights = weights;
        _contextParams = contextParams;
        _options = options;
        _decoder = new BatchedDecoder(weights, contextParams, options.MaxConcurrency);
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
    /// <remarks>Requests still waiting for a sequence fail with <see cref="ObjectDisposedException"/>; running ones stop at their next token.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // Returns once the decoding thread has stopped, so the weights are never freed under it.
        _decoder.Dispose();
        _weights.Dispose();
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
        var addBos = _weights.Vocab.ShouldAddBOS && !StartsWithBos(prompt);
        var promptTokens = _weights.Tokenize(prompt, addBos, special: true, Encoding.UTF8);
        if (promptTokens.Length == 0)
            throw new ArgumentException("The chat renders to an empty prompt.");
        if (promptTokens.Length >= ContextSize)
            throw new ArgumentException($"The prompt has {promptTokens.Length} tokens but the context holds {ContextSize}: shorten the inputs or raise {nameof(LlamaCppChatClientOptions.ContextSize)}.");
        var grammar = options.GetGrammar() ?? (options?.ResponseFormat is ChatResponseFormatJson ? JsonGrammar.AnyObject : null);
        if (grammar is not null)
            GbnfValidator.EnsureValid(_weights, grammar);
        return new GenerationRequest(
            Id: "chatcmpl-" + Guid.NewGuid().ToString("N"),
            CreatedAt: DateTimeOffset.UtcNow,
            PromptTokens: promptTokens,
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
        try
        {
            return await _decoder.DecodeAsync(request, onText, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(ToString());
        }
    }

    private bool StartsWithBos(string prompt)
    {
        if (_weights.Vocab.BOS is not { } bos)
            return false;
        var bosText = _weights.Vocab.LLamaTokenToString(bos, isSpecialToken: true);
        return !string.IsNullOrEmpty(bosText) && prompt.StartsWith(bosText, StringComparison.Ordinal);
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
}

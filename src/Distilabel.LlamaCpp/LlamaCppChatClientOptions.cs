namespace Distilabel.LlamaCpp;

/// <summary>Settings of <see cref="LlamaCppChatClient"/>.</summary>
public sealed class LlamaCppChatClientOptions
{
    /// <summary>The model id reported in responses (default: the file name without <c>.gguf</c>).</summary>
    public string? ModelId { get; set; }

    /// <summary>Tokens per request, prompt plus answer (default 4096; never more than the model was trained for).
    /// The KV cache holds this many tokens for each of the <see cref="MaxConcurrency"/> sequences.</summary>
    public uint ContextSize { get; set; } = 4096;

    /// <summary>CPU threads that decode the batch (default: <see cref="DefaultThreads"/>).</summary>
    public int Threads { get; set; } = DefaultThreads;

    /// <summary>Requests decoded together, as sequences of one llama.cpp batch (default 1); more wait their turn.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>The answer length when <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/> is not set (default 512).</summary>
    public int DefaultMaxOutputTokens { get; set; } = 512;

    /// <summary>The temperature when <see cref="Microsoft.Extensions.AI.ChatOptions.Temperature"/> is not set (default 0.8, llama.cpp's).</summary>
    public float DefaultTemperature { get; set; } = 0.8f;

    /// <summary>
    /// A chat template to use instead of the model's own (<c>tokenizer.chat_template</c> in the GGUF metadata): the name
    /// of one llama.cpp knows (<c>"chatml"</c>, <c>"llama3"</c>, <c>"phi3"</c>, <c>"gemma"</c>, <c>"mistral-v7"</c>, …).
    /// When null and the model has no template, or one llama.cpp does not recognise, <c>chatml</c> is used (llama.cpp's own fallback).
    /// </summary>
    public string? ChatTemplate { get; set; }

    /// <summary>Layers offloaded to a GPU (default 0: the CPU backend runs everything).</summary>
    public int GpuLayerCount { get; set; }

    /// <summary>
    /// The cores this process may use (<see cref="Environment.ProcessorCount"/>): it honours the container's CPU limit and
    /// the process affinity, which a physical-core count would not, and .NET has no portable physical-core count.
    /// All requests share one batch, so one set of threads serves them all.
    /// </summary>
    public static int DefaultThreads => Environment.ProcessorCount;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextSize, 16u, nameof(ContextSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultMaxOutputTokens, 1, nameof(DefaultMaxOutputTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(DefaultTemperature, nameof(DefaultTemperature));
        ArgumentOutOfRangeException.ThrowIfNegative(GpuLayerCount, nameof(GpuLayerCount));
    }
}

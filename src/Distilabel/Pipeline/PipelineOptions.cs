namespace Distilabel.Pipeline;

/// <summary>How a <see cref="LabellingPipeline"/> asks its LLMs (distilabel's generation kwargs and num_threads).</summary>
public sealed record PipelineOptions
{
    /// <summary>Most tokens an answer may have (the HelpSteer ratings need about 43).</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Sampling temperature; 0 is greedy and repeatable.</summary>
    public float Temperature { get; init; }

    /// <summary>Seed for samplers that take one (llama.cpp, OpenAI).</summary>
    public long? Seed { get; init; }

    /// <summary>Requests in flight at once ("num_threads"): a sliding window, never a batch barrier.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>
    /// How many finished rows may wait for a slower earlier row, so output order equals input order.
    /// Default: 8 × <see cref="Concurrency"/> (at least 16). Bounds memory whatever the dataset size; with answers as
    /// uneven as real servers give (log-normal σ 0.5), 4 × stalled the requests behind a slow row about 1 % of the time.
    /// </summary>
    public int? ReorderWindow { get; init; }

    /// <summary>Constrain decoding with the task's GBNF grammar where the LLM supports it (llama.cpp). Default: on.</summary>
    public bool UseGrammar { get; init; } = true;

    /// <summary>Ask for the task's JSON schema as structured output (OpenAI). Default: off, answers are tagged text.</summary>
    public bool UseJsonSchema { get; init; }

    /// <summary>The name written to <c>labelling_model</c>; default: the client's model id.</summary>
    public string? LabellerName { get; init; }

    /// <summary>The task input the generated responses go into (with generators). Default: "response".</summary>
    public string GenerationTarget { get; init; } = "response";

    /// <summary>The column sent to the generators as the instruction. Default: "prompt".</summary>
    public string InstructionColumn { get; init; } = "prompt";

    internal int EffectiveReorderWindow => ReorderWindow ?? Math.Max(16, 8 * Concurrency);

    internal void Validate()
    {
        if (MaxNewTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "max new tokens must be at least 1");
        if (Temperature is < 0 or > 2 || float.IsNaN(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be between 0 and 2");
        if (Concurrency is < 1 or > 4096)
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "concurrency must be between 1 and 4096");
        if (ReorderWindow is < 1)
            throw new ArgumentOutOfRangeException(nameof(ReorderWindow), ReorderWindow, "the reorder window must be at least 1");
    }
}

using System.Text;
using LLama;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Distilabel.LlamaCpp;

/// <summary>
/// One llama.cpp sequence of the <see cref="BatchedDecoder"/>'s context: the request it decodes (if any), its own
/// sampler (and so its own grammar), and the tokens its part of the KV cache holds. Those tokens outlive the
/// request, so the next request that starts the same way (the system prompt and instructions every row shares)
/// evaluates only what differs.
/// </summary>
internal sealed class DecodeSlot(LLamaSeqId sequence)
{
    private readonly StringBuilder _text = new();
    private DefaultSamplingPipeline? _sampler;
    private StreamingTokenDecoder? _decoder;
    private int _maxTokens;
    private int _generated;

    public LLamaSeqId Sequence { get; } = sequence;

    /// <summary>The tokens at positions 0..n-1 of this sequence in the KV cache.</summary>
    public List<LLamaToken> Cached { get; } = [];

    public DecodeJob? Job { get; private set; }

    /// <summary>The next prompt token to evaluate; the prompt is done when it reaches the prompt's length.</summary>
    public int PromptIndex { get; private set; }

    /// <summary>Prompt tokens this request took from the cache instead of evaluating.</summary>
    public int ReusedTokens { get; private set; }

    /// <summary>The sampled token the next batch feeds back, if any.</summary>
    public LLamaToken? Pending { get; private set; }

    /// <summary>The batch row whose logits this slot samples after the next decode, or -1.</summary>
    public int LogitsIndex { get; set; } = -1;

    public bool IsFree => Job is null;

    public bool IsPrompting => Job is not null && PromptIndex < Job.Request.PromptTokens.Length;

    /// <summary>Starts <paramref name="job"/> with the first <paramref name="reused"/> prompt tokens already in this sequence's cache.</summary>
    public void Start(DecodeJob job, int reused, LLamaWeights weights, int sequenceLength)
    {
        var request = job.Request;
        Job = job;
        PromptIndex = reused;
        ReusedTokens = reused;
        Pending = null;
        LogitsIndex = -1;
        _text.Clear();
        _generated = 0;
        _maxTokens = Math.Min(request.MaxTokens, sequenceLength - request.PromptTokens.Length);
        _decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        _sampler = new DefaultSamplingPipeline
        {
            Temperature = request.Temperature,
            Seed = request.Seed,
            TopP = request.TopP ?? SamplerDefaults.TopP,
            TopK = request.TopK ?? SamplerDefaults.TopK,
            FrequencyPenalty = request.FrequencyPenalty ?? SamplerDefaults.FrequencyPenalty,
            PresencePenalty = request.PresencePenalty ?? SamplerDefaults.PresencePenalty,
            Grammar = request.Grammar is { } gbnf ? new Grammar(gbnf, "root") : null,
        };
    }

    /// <summary>Adds this slot's share of the next batch: its pending token, or up to <paramref name="budget"/> prompt tokens.</summary>
    /// <returns>How many tokens were added.</returns>
    public int AddTo(LLamaBatch batch, int budget)
    {
        LogitsIndex = -1;
        if (Job is null || budget <= 0)
            return 0;
        if (Pending is { } token)
        {
            LogitsIndex = batch.Add(token, Cached.Count, Sequence, true);
            Cached.Add(token);
            Pending = null;
            return 1;
        }

        var prompt = Job.Request.PromptTokens;
        var count = Math.Min(budget, prompt.Length - PromptIndex);
        for (var i = 0; i < count; i++)
        {
            var last = PromptIndex == prompt.Length - 1;
            var index = batch.Add(prompt[PromptIndex], Cached.Count, Sequence, last);
            if (last)
                LogitsIndex = index;
            Cached.Add(prompt[PromptIndex]);
            PromptIndex++;
        }

        return count;
    }

    /// <summary>Samples this slot's next token after a decode; returns the finished answer, or null while it goes on.</summary>
    public GenerationResult? Sample(SafeLLamaContextHandle context, LLamaWeights weights)
    {
        var job = Job!;
        var token = _sampler!.Sample(context, LogitsIndex);
        LogitsIndex = -1;
        if (token.IsEndOfGeneration(weights.Vocab))
            return Result(ChatFinishReason.Stop);

        _generated++;
        _decoder!.Add(token);
        var piece = _decoder.Read();
        if (piece.Length > 0)
        {
            var before = _text.Length;
            _text.Append(piece);
            var stops = job.Request.StopSequences;
            if (stops.Length > 0 && StopSequences.Find(_text, before, stops) is { } stopAt)
            {
                if (stopAt > before)
                    job.OnText?.Invoke(_text.ToString(before, stopAt - before));
                _text.Length = stopAt;
                return Result(ChatFinishReason.Stop);
            }

            job.OnText?.Invoke(piece);
        }

        if (_generated >= _maxTokens)
            return Result(ChatFinishReason.Length);
        Pending = token;
        return null;
    }

    /// <summary>Ends the request; the cache stays for the next one.</summary>
    public void Release()
    {
        Job = null;
        Pending = null;
        LogitsIndex = -1;
        _sampler?.Dispose();
        _sampler = null;
        _decoder = null;
    }

    /// <summary>Forgets the cached tokens (the caller removes them from the KV cache).</summary>
    public void ForgetCache(int keep = 0) => Cached.RemoveRange(keep, Cached.Count - keep);

    private GenerationResult Result(ChatFinishReason finishReason)
    {
        var promptTokens = Job!.Request.PromptTokens.Length;
        var usage = new UsageDetails
        {
            InputTokenCount = promptTokens,
            CachedInputTokenCount = ReusedTokens,
            OutputTokenCount = _generated,
            TotalTokenCount = promptTokens + _generated,
        };
        return new GenerationResult(_text.ToString(), finishReason, usage);
    }
}

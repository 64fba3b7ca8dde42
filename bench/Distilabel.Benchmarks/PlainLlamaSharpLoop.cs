using Distilabel.LlamaCpp;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;

namespace Distilabel.Benchmarks;

/// <summary>
/// The baseline of the llamacpp benchmark: what a user writes by hand with LLamaSharp. One context, all cores, one row
/// at a time: clear the cache, evaluate the whole prompt, sample greedily under the task's grammar until the end.
/// </summary>
public sealed class PlainLlamaSharpLoop : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;

    public PlainLlamaSharpLoop(string modelPath, uint contextSize, int threads)
    {
        var parameters = new ModelParams(modelPath) { ContextSize = contextSize, Threads = threads, BatchThreads = threads };
        _weights = LLamaWeights.LoadFromFile(parameters);
        if (_weights.ContextSize > 0 && parameters.ContextSize > (uint)_weights.ContextSize)
            parameters.ContextSize = (uint)_weights.ContextSize;
        _context = _weights.CreateContext(parameters);
    }

    /// <summary>Answers <paramref name="prompt"/> (already rendered with the chat template).</summary>
    public (string Text, int PromptTokens, int OutputTokens) Generate(string prompt, string grammar, int maxTokens)
    {
        _context.NativeHandle.MemoryClear();
        var tokens = _context.Tokenize(prompt, addBos: true, special: true);
        var batch = new LLamaBatch();
        var batchSize = (int)_context.BatchSize;
        var position = 0;
        for (var start = 0; start < tokens.Length; start += batchSize)
        {
            batch.Clear();
            for (var i = start; i < Math.Min(start + batchSize, tokens.Length); i++)
                batch.Add(tokens[i], position++, LLamaSeqId.Zero, i == tokens.Length - 1);
            Decode(batch);
        }

        using var sampler = new DefaultSamplingPipeline { Temperature = 0, Grammar = new Grammar(grammar, "root") };
        var decoder = new StreamingTokenDecoder(_context);
        var generated = 0;
        while (generated < maxTokens)
        {
            var token = sampler.Sample(_context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(_weights.Vocab))
                break;
            generated++;
            decoder.Add(token);
            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, true);
            Decode(batch);
        }

        return (decoder.Read(), tokens.Length, generated);
    }

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }

    private void Decode(LLamaBatch batch)
    {
        if (_context.Decode(batch) != DecodeResult.Ok)
            throw new InvalidOperationException("llama.cpp failed to decode.");
    }
}

using LLama;
using LLama.Common;
using LLama.Native;

namespace Distilabel.LlamaCpp;

/// <summary>
/// Decodes several requests at once in one llama.cpp context: each request is a sequence, and every step sends one
/// batch with the next token of each answering sequence plus as many prompt tokens as fit, then samples each
/// sequence with its own sampler (so each keeps its own grammar). The KV cache is unified, so a prompt prefix
/// already evaluated by any sequence (the system prompt and instructions every row shares) is copied into a new
/// sequence for free (llama_memory_seq_cp tags the cells) and evaluated only once.
/// One thread owns the context; callers only enqueue.
/// </summary>
internal sealed class BatchedDecoder : IDisposable
{
    /// <summary>A request waits for a sequence still evaluating a prompt that shares this many more tokens with it than any cache does now.</summary>
    private const int WorthWaitingFor = 16;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly DecodeSlot[] _slots;
    private readonly int _sequenceLength;
    private readonly int _batchSize;
    private readonly LLamaBatch _batch = new();
    private readonly Queue<DecodeJob> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _stopping;

    /// <param name="weights">The model.</param>
    /// <param name="contextParams">Context settings; the context size is per sequence.</param>
    /// <param name="sequences">Requests decoded together.</param>
    public BatchedDecoder(LLamaWeights weights, ModelParams contextParams, int sequences)
    {
        _weights = weights;
        _sequenceLength = (int)contextParams.ContextSize!.Value;
        var shared = new ModelParams(contextParams.ModelPath)
        {
            // Every sequence can hold a full context: the sequences never run out of cells between them.
            ContextSize = (uint)(_sequenceLength * sequences),
            SeqMax = (uint)sequences,
            KVUnified = true,
            BatchSize = contextParams.BatchSize,
            UBatchSize = contextParams.UBatchSize,
            Threads = contextParams.Threads,
            BatchThreads = contextParams.BatchThreads,
            GpuLayerCount = contextParams.GpuLayerCount,
        };
        _context = weights.CreateContext(shared);
        _batchSize = Math.Max(1, (int)_context.BatchSize);
        _slots = Enumerable.Range(0, sequences).Select(i => new DecodeSlot((LLamaSeqId)i)).ToArray();
        _thread = new Thread(Run) { IsBackground = true, Name = "llama.cpp batched decoder" };
        _thread.Start();
    }

    /// <summary>The tokens one sequence holds, prompt plus answer.</summary>
    public int SequenceLength => _sequenceLength;

    /// <summary>Queues <paramref name="request"/>; the task ends with its answer, <see cref="OperationCanceledException"/>
    /// for <paramref name="cancellationToken"/>, or <see cref="ObjectDisposedException"/> once the decoder stops.</summary>
    public async Task<GenerationResult> DecodeAsync(GenerationRequest request, Action<string>? onText, CancellationToken cancellationToken)
    {
        var job = new DecodeJob(request, onText, cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue(job);
            Monitor.Pulse(_gate);
        }

        // Completing the job is enough: the decoding thread drops completed jobs at its next step.
        await using var registration = cancellationToken.Register(() =>
        {
            job.Cancel();
            Wake();
        }).ConfigureAwait(false);
        return await job.Task.ConfigureAwait(false);
    }

    /// <summary>Stops decoding: queued and running requests fail with <see cref="ObjectDisposedException"/> (running ones
    /// after their current step); returns once the context is free.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
                return;
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _context.Dispose();
    }

    private void Wake()
    {
        lock (_gate)
            Monitor.Pulse(_gate);
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (!_stopping && _queue.Count == 0 && _slots.All(s => s.IsFree))
                    Monitor.Wait(_gate);
                if (_stopping)
                    break;
            }

            try
            {
                ReleaseCompleted();
                Admit();
                if (_slots.Any(s => !s.IsFree))
                    Step();
            }
            catch (Exception ex)
            {
                // Nothing may kill this thread: fail what was running, and trust no cache after it.
                FailRunning(ex);
            }
        }

        var stopped = new ObjectDisposedException(nameof(LlamaCppChatClient));
        lock (_gate)
        {
            while (_queue.TryDequeue(out var job))
                job.Fail(stopped);
        }

        foreach (var slot in _slots)
        {
            slot.Job?.Fail(stopped);
            slot.Release();
        }
    }

    /// <summary>Frees the sequences of requests that ended outside this thread (cancelled).</summary>
    private void ReleaseCompleted()
    {
        foreach (var slot in _slots)
        {
            if (slot.Job is { IsCompleted: true })
                slot.Release();
        }
    }

    /// <summary>Gives free sequences to queued requests, each starting from the longest cached prefix of its prompt.</summary>
    private void Admit()
    {
        while (true)
        {
            DecodeJob job;
            lock (_gate)
            {
                while (_queue.TryPeek(out var head) && head.IsCompleted)
                    _queue.Dequeue();
                if (_queue.Count == 0 || !_slots.Any(s => s.IsFree))
                    return;
                job = _queue.Peek();
            }

            var prompt = job.Request.PromptTokens;
            // The last prompt token is always evaluated: its logits give the first answer token.
            var usable = prompt.Length - 1;
            var (source, shared) = LongestCached(prompt, usable);
            if (_slots.Any(s => s.IsPrompting && CommonPrefix(s.Job!.Request.PromptTokens, prompt, usable) >= shared + WorthWaitingFor))
                return;

            lock (_gate)
                _queue.Dequeue();
            var slot = _slots.Where(s => s.IsFree).MaxBy(s => CommonPrefix(s.Cached, prompt, usable))!;
            var own = CommonPrefix(slot.Cached, prompt, usable);
            if (source is not null && source != slot && shared > own)
            {
                _context.NativeHandle.MemorySequenceRemove(slot.Sequence, 0, -1);
                _context.NativeHandle.MemorySequenceCopy(source.Sequence, slot.Sequence, 0, shared);
                slot.ForgetCache();
                slot.Cached.AddRange(prompt.AsSpan(0, shared));
                own = shared;
            }
            else
            {
                _context.NativeHandle.MemorySequenceRemove(slot.Sequence, own, -1);
                slot.ForgetCache(own);
            }

            slot.Start(job, own, _weights, _sequenceLength);
        }
    }

    private (DecodeSlot? Source, int Shared) LongestCached(LLamaToken[] prompt, int usable)
    {
        DecodeSlot? source = null;
        var shared = 0;
        foreach (var slot in _slots)
        {
            var common = CommonPrefix(slot.Cached, prompt, usable);
            if (common > shared)
                (source, shared) = (slot, common);
        }

        return (source, shared);
    }

    private static int CommonPrefix(IReadOnlyList<LLamaToken> cached, LLamaToken[] prompt, int limit)
    {
        var n = Math.Min(limit, Math.Min(cached.Count, prompt.Length));
        var i = 0;
        while (i < n && cached[i] == prompt[i])
            i++;
        return i;
    }

    /// <summary>One decode: the answering sequences' tokens first (they are one each), then prompt tokens up to the batch size.</summary>
    private void Step()
    {
        _batch.Clear();
        var budget = _batchSize;
        foreach (var slot in _slots.Where(s => s is { IsFree: false, IsPrompting: false }))
            budget -= slot.AddTo(_batch, budget);
        foreach (var slot in _slots.Where(s => s.IsPrompting))
            budget -= slot.AddTo(_batch, budget);
        if (_batch.TokenCount == 0)
            return;

        var result = _context.NativeHandle.Decode(_batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"llama.cpp failed to decode ({result}).");

        foreach (var slot in _slots)
        {
            if (slot.Job is not { } job || slot.LogitsIndex < 0)
                continue;
            if (job.IsCompleted)
            {
                slot.Release();
                continue;
            }

            try
            {
                if (slot.Sample(_context.NativeHandle, _weights) is { } answer)
                {
                    slot.Release();
                    job.Complete(answer);
                }
            }
            catch (Exception ex)
            {
                slot.Release();
                Forget(slot);
                job.Fail(ex);
            }
        }
    }

    private void FailRunning(Exception error)
    {
        foreach (var slot in _slots)
        {
            var job = slot.Job;
            slot.Release();
            job?.Fail(error);
        }

        _context.NativeHandle.MemoryClear(data: false);
        foreach (var slot in _slots)
            slot.ForgetCache();
    }

    private void Forget(DecodeSlot slot)
    {
        _context.NativeHandle.MemorySequenceRemove(slot.Sequence, 0, -1);
        slot.ForgetCache();
    }
}

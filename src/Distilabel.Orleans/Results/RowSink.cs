using Distilabel.Pipeline;
using Distilabel.Pipeline.Scheduling;

namespace Distilabel.Orleans.Results;

/// <summary>
/// The submitter's side of <see cref="IRowSink"/>: rows arrive in any order and more than once; each index is kept
/// once, and <see cref="TryTakeNext"/> hands them out in input order. Rows delivered ahead of the next one to write
/// wait here (a worker far ahead of the output holds its rows in this process until the gap closes). Rows
/// <paramref name="restored"/> names come from the submitter's journal, never from a worker.
/// </summary>
internal sealed class RowSink(long total, Func<long, bool>? restored = null) : IRowSink
{
    private readonly Func<long, bool> _restored = restored ?? (_ => false);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, LabelledRow> _waiting = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private long _next;
    private long _duplicates;
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>Rows delivered again after the submitter had them (dropped).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Prompt tokens the workers reported.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Completion tokens the workers reported.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    public Task Deliver(RowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var fresh = 0;
        foreach (var result in batch.Rows)
        {
            // Decoding outside the lock: a batch of long rows must not stall the writer.
            LabelledRow? row = null;
            lock (_lock)
            {
                if (result.Index < _next || result.Index >= total || _waiting.ContainsKey(result.Index) || _restored(result.Index))
                {
                    Interlocked.Increment(ref _duplicates);
                    continue;
                }
            }

            row = new LabelledRow(result.Index, RowTransport.DecodeValues(result.Values), result.Error is null ? null : RowTransport.DecodeError(result.Error));
            lock (_lock)
            {
                if (result.Index < _next || !_waiting.TryAdd(result.Index, row))
                {
                    Interlocked.Increment(ref _duplicates);
                    continue;
                }
            }

            fresh++;
        }

        Interlocked.Add(ref _inputTokens, batch.InputTokens);
        Interlocked.Add(ref _outputTokens, batch.OutputTokens);
        if (fresh > 0)
            _arrived.Release();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The next row in input order, when it has arrived: its index, and the row (null when the journal holds it, to be
    /// rebuilt by the caller).
    /// </summary>
    public bool TryTakeNext(out long index, out LabelledRow? row)
    {
        lock (_lock)
        {
            index = _next;
            row = null;
            if (_next >= total || (!_restored(_next) && !_waiting.Remove(_next, out row)))
                return false;
            _next++;
            return true;
        }
    }

    /// <summary>Whether every row was taken.</summary>
    public bool IsComplete
    {
        get
        {
            lock (_lock)
                return _next >= total;
        }
    }

    /// <summary>Waits until rows arrive or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _arrived.WaitAsync(timeout, cancellationToken);

    /// <summary>The rows not yet here, as ranges [start, end) (to rebuild a lease table the coordinator lost).</summary>
    public List<(long Start, long End)> Missing()
    {
        lock (_lock)
        {
            var missing = new List<(long, long)>();
            long? start = null;
            for (var index = _next; index < total; index++)
            {
                var here = _restored(index) || _waiting.ContainsKey(index);
                if (here && start is { } from)
                {
                    missing.Add((from, index));
                    start = null;
                }
                else if (!here)
                {
                    start ??= index;
                }
            }

            if (start is { } last)
                missing.Add((last, total));
            return missing;
        }
    }
}

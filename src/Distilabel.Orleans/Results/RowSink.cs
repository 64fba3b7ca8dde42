using Distilabel.Pipeline;
using Distilabel.Pipeline.Scheduling;

namespace Distilabel.Orleans.Results;

/// <summary>
/// The submitter's side of <see cref="IRowSink"/>: rows arrive in any order and more than once; each index is kept
/// once, and <see cref="TryTakeNext"/> hands them out in input order. Rows delivered ahead of the next one to write
/// wait here (a worker far ahead of the output holds its rows in this process until the gap closes).
/// </summary>
internal sealed class RowSink(long total) : IRowSink
{
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
                if (result.Index < _next || result.Index >= total || _waiting.ContainsKey(result.Index))
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

    /// <summary>Puts a row an earlier run finished (from the submitter's journal) in its place: no worker is asked for it.</summary>
    public void Restore(LabelledRow row)
    {
        lock (_lock)
            _waiting.Add(row.Index, row);
    }

    /// <summary>The next row in input order, when it has arrived.</summary>
    public bool TryTakeNext(out LabelledRow row)
    {
        lock (_lock)
        {
            if (_waiting.Remove(_next, out row!))
            {
                _next++;
                return true;
            }

            return false;
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
            long start = _next;
            foreach (var index in _waiting.Keys.Order())
            {
                if (index > start)
                    missing.Add((start, index));
                start = index + 1;
            }

            if (start < total)
                missing.Add((start, total));
            return missing;
        }
    }
}

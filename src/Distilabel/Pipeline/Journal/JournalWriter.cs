using System.Diagnostics;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// The run journal's one committing thread. Finished rows are queued from any thread without waiting for SQLite; this
/// thread writes every queued row in one transaction when someone needs one of them durable: at once for a caller that
/// cannot wait, or once enough rows have gathered (at most <see cref="RunJournalOptions.GroupCommitDelay"/> later) for a
/// caller that can.
/// </summary>
/// <remarks>
/// Why a thread of its own: rows finishing on many threads never contend for the commit, a burst costs one transaction
/// instead of one per waiter, and the waiter's continuation runs on the thread pool, never holding up the next commit.
/// A commit that fails fails the rows of its transaction only; later rows are tried again in the next one.
/// </remarks>
internal sealed class JournalWriter : IDisposable
{
    /// <summary>Rows queued without a waiter that may wait uncommitted, at most: a hard kill loses at most those.</summary>
    internal const int MaxDeferredRows = 256;

    private readonly object _lock = new();
    private readonly List<Pending> _queue = [];
    private readonly Action<IReadOnlyList<Pending>> _commit;
    private readonly string _name;
    private readonly Type _owner;
    private readonly TimeSpan _maxDelay;
    private Thread? _thread;
    private int _urgent;
    private long _patientSince;
    private int _gather = int.MaxValue;
    private bool _closing;

    /// <param name="commit">Writes rows in one transaction (on the writer thread); throws a <see cref="RunJournalException"/>.</param>
    /// <param name="name">The thread's name.</param>
    /// <param name="owner">Named by the exception when a row is queued after closing.</param>
    /// <param name="maxDelay">The longest a patient waiter waits for rows to gather before its row is committed anyway.</param>
    public JournalWriter(Action<IReadOnlyList<Pending>> commit, string name, Type owner, TimeSpan maxDelay)
    {
        _maxDelay = maxDelay;
        _commit = commit;
        _name = name;
        _owner = owner;
    }

    /// <summary>Queues an encoded row; <paramref name="urgent"/>: someone waits for it now.</summary>
    /// <exception cref="ObjectDisposedException">The writer is closing.</exception>
    public Pending Queue(JournaledRow row, int stepId, byte[] bytes, bool urgent)
    {
        var entry = new Pending(row, stepId, bytes);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closing, _owner);
            _queue.Add(entry);
            _thread ??= Start();
            if (urgent)
                MarkUrgent(entry);
            else if (_queue.Count == MaxDeferredRows || (_patientSince != 0 && _queue.Count == _gather))
                Monitor.Pulse(_lock);
        }

        return entry;
    }

    /// <summary>Completes once <paramref name="entry"/> is durable; see <see cref="MakeDurable"/> for <paramref name="gather"/>.</summary>
    public ValueTask DurableAsync(Pending entry, int gather)
    {
        if (entry.Durable.Task.IsCompleted)
            return new ValueTask(entry.Durable.Task);
        lock (_lock)
        {
            if (!entry.Taken && !entry.Urgent)
            {
                if (gather <= 0 || _queue.Count >= gather)
                {
                    MarkUrgent(entry);
                }
                else if (gather < _gather || _patientSince == 0)
                {
                    _gather = Math.Min(_gather, gather);
                    if (_patientSince == 0)
                        _patientSince = Stopwatch.GetTimestamp();
                    Monitor.Pulse(_lock);
                }
            }
        }

        return new ValueTask(entry.Durable.Task);
    }

    /// <summary>Commits every queued row and stops the thread (waiting for it).</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_lock)
        {
            _closing = true;
            thread = _thread;
            Monitor.Pulse(_lock);
        }

        if (thread is not null && thread != Thread.CurrentThread)
            thread.Join();
    }

    private void MarkUrgent(Pending entry)
    {
        entry.Urgent = true;
        if (_urgent++ == 0)
            Monitor.Pulse(_lock);
    }

    private Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = _name };
        thread.Start();
        return thread;
    }

    private void Run()
    {
        while (TakeBatch() is { } batch)
        {
            Exception? failure = null;
            try
            {
                _commit(batch);
            }
            catch (Exception e)
            {
                failure = e;
            }

            foreach (var entry in batch)
            {
                if (failure is null)
                    entry.Durable.TrySetResult();
                else
                    entry.Durable.TrySetException(failure);
            }
        }
    }

    /// <summary>Waits until a commit is due, then takes every queued row; null once closing with nothing left.</summary>
    private Pending[]? TakeBatch()
    {
        lock (_lock)
        {
            while (true)
            {
                if (_queue.Count == 0)
                {
                    if (_closing)
                        return null;
                    Monitor.Wait(_lock);
                    continue;
                }

                if (_urgent > 0 || _closing || _queue.Count >= MaxDeferredRows || (_patientSince != 0 && _queue.Count >= _gather))
                    break;
                if (_patientSince == 0)
                {
                    Monitor.Wait(_lock);
                    continue;
                }

                var left = _maxDelay - Stopwatch.GetElapsedTime(_patientSince);
                if (left <= TimeSpan.Zero)
                    break;
                Monitor.Wait(_lock, left);
            }

            Pending[] batch = [.. _queue];
            _queue.Clear();
            foreach (var entry in batch)
                entry.Taken = true;
            _urgent = 0;
            _patientSince = 0;
            _gather = int.MaxValue;
            return batch;
        }
    }

    /// <summary>A row waiting for its transaction.</summary>
    internal sealed class Pending(JournaledRow row, int stepId, byte[] bytes)
    {
        public JournaledRow Row { get; } = row;

        public int StepId { get; } = stepId;

        public byte[] Bytes { get; } = bytes;

        /// <summary>Completes once the row's transaction committed; continuations run on the thread pool, never on the writer.</summary>
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Someone waits for the row now (under the writer's lock).</summary>
        public bool Urgent { get; set; }

        /// <summary>A commit took the row from the queue (under the writer's lock).</summary>
        public bool Taken { get; set; }
    }
}

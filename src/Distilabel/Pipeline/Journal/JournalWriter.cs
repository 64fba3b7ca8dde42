using System.Buffers;
using System.Diagnostics;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// The run journal's one committing thread. Finished rows are copied, already encoded, into the batch being filled from
/// any thread without waiting for SQLite; this thread commits the whole batch in one transaction when someone needs one
/// of its rows durable: at once for a caller that cannot wait, or once enough rows have gathered (at most
/// <see cref="RunJournalOptions.GroupCommitDelay"/> later) for a caller that can.
/// </summary>
/// <remarks>
/// Why a thread of its own: rows finishing on many threads never contend for the commit, a burst costs one transaction
/// instead of one per waiter, and the waiter's continuation runs on the thread pool, never holding up the next commit.
/// A row costs no allocation here: its bytes go into the batch's buffer, and the rows of a batch share one task and one
/// <see cref="MakeDurable"/>. A commit that fails fails the rows of its batch only; later rows go into the next one.
/// </remarks>
internal sealed class JournalWriter : IDisposable
{
    /// <summary>Rows queued without a waiter that may wait uncommitted, at most: a hard kill loses at most those.</summary>
    internal const int MaxDeferredRows = 256;

    private readonly object _lock = new();
    private readonly Action<Batch> _commit;
    private readonly string _name;
    private readonly Type _owner;
    private readonly TimeSpan _maxDelay;
    private Batch _current;
    private ArrayBufferWriter<byte>? _spare;
    private Thread? _thread;
    private long _patientSince;
    private int _gather = int.MaxValue;
    private bool _closing;

    /// <param name="commit">Writes a batch in one transaction (on the writer thread); throws a <see cref="RunJournalException"/>.</param>
    /// <param name="name">The thread's name.</param>
    /// <param name="owner">Named by the exception when a row is queued after closing.</param>
    /// <param name="maxDelay">The longest a patient waiter waits for rows to gather before its row is committed anyway.</param>
    public JournalWriter(Action<Batch> commit, string name, Type owner, TimeSpan maxDelay)
    {
        _maxDelay = maxDelay;
        _commit = commit;
        _name = name;
        _owner = owner;
        _current = new Batch(this, null);
    }

    /// <summary>Copies an encoded row into the batch being filled and returns that batch; <paramref name="urgent"/>: someone waits for it now.</summary>
    /// <exception cref="ObjectDisposedException">The writer is closing.</exception>
    public Batch Queue(int stepId, long index, bool failed, ReadOnlySpan<byte> entry, bool urgent)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closing, _owner);
            var batch = _current;
            batch.Add(stepId, index, failed, entry);
            _thread ??= Start();
            if (urgent)
                MarkUrgent(batch);
            else if (batch.Count == MaxDeferredRows || (_patientSince != 0 && batch.Count == _gather))
                Monitor.Pulse(_lock);
            return batch;
        }
    }

    /// <summary>Completes once <paramref name="batch"/> is durable; see <see cref="MakeDurable"/> for <paramref name="gather"/>.</summary>
    public ValueTask DurableAsync(Batch batch, int gather)
    {
        if (batch.Durable.Task.IsCompleted)
            return new ValueTask(batch.Durable.Task);
        lock (_lock)
        {
            if (ReferenceEquals(batch, _current) && !batch.Urgent)
            {
                if (gather <= 0 || batch.Count >= gather)
                {
                    MarkUrgent(batch);
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

        return new ValueTask(batch.Durable.Task);
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

    private void MarkUrgent(Batch batch)
    {
        if (batch.Urgent)
            return;
        batch.Urgent = true;
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
            try
            {
                _commit(batch);
                batch.Durable.TrySetResult();
            }
            catch (Exception e)
            {
                batch.Durable.TrySetException(e);
            }

            // Nobody reads a committed batch's bytes again: the next batch reuses its buffer.
            batch.Data.ResetWrittenCount();
            lock (_lock)
                _spare = batch.Data.Capacity <= MaxKeptBuffer ? batch.Data : null;
        }
    }

    private const int MaxKeptBuffer = 4 << 20;

    /// <summary>Waits until a commit is due, then takes the batch and starts the next; null once closing with nothing left.</summary>
    private Batch? TakeBatch()
    {
        lock (_lock)
        {
            while (true)
            {
                var count = _current.Count;
                if (count == 0)
                {
                    if (_closing)
                        return null;
                    Monitor.Wait(_lock);
                    continue;
                }

                if (_current.Urgent || _closing || count >= MaxDeferredRows || (_patientSince != 0 && count >= _gather))
                    break;
                if (_patientSince == 0)
                {
                    Monitor.Wait(_lock);
                    continue;
                }

                var left = _maxDelay - Stopwatch.GetElapsedTime(_patientSince);
                if (left <= TimeSpan.Zero)
                    break;
                // Rounded up: Monitor.Wait truncates to whole milliseconds, and a wait of 0 returns at once, so the last
                // millisecond of every delay would spin.
                Monitor.Wait(_lock, (int)Math.Ceiling(left.TotalMilliseconds));
            }

            var batch = _current;
            _current = new Batch(this, _spare);
            _spare = null;
            _patientSince = 0;
            _gather = int.MaxValue;
            return batch;
        }
    }

    /// <summary>A row of a batch: where its encoded entry lies in <see cref="Batch.Data"/>.</summary>
    internal readonly record struct Row(int StepId, long Index, bool Failed, int Offset, int Length);

    /// <summary>Rows committed together: their entries back to back, and one task that completes once they are durable.</summary>
    internal sealed class Batch
    {
        private readonly List<Row> _rows = [];

        public Batch(JournalWriter writer, ArrayBufferWriter<byte>? buffer)
        {
            Data = buffer ?? new ArrayBufferWriter<byte>(16 * 1024);
            MakeDurable = gather => writer.DurableAsync(this, gather);
        }

        /// <summary>The encoded entries, in row order.</summary>
        public ArrayBufferWriter<byte> Data { get; }

        public IReadOnlyList<Row> Rows => _rows;

        public int Count => _rows.Count;

        /// <summary>Completes once the batch's transaction committed; continuations run on the thread pool, never on the writer.</summary>
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Shared by the batch's rows (see <see cref="JournalWriter.DurableAsync"/>).</summary>
        public MakeDurable MakeDurable { get; }

        /// <summary>Someone waits for the batch now (under the writer's lock).</summary>
        public bool Urgent { get; set; }

        /// <summary>Under the writer's lock.</summary>
        public void Add(int stepId, long index, bool failed, ReadOnlySpan<byte> entry)
        {
            _rows.Add(new Row(stepId, index, failed, Data.WrittenCount, entry.Length));
            Data.Write(entry);
        }
    }
}

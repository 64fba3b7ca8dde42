using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Distilabel.Storage;
using Microsoft.Data.Sqlite;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// A durable run journal in one SQLite file (WAL mode): every finished row is committed as it completes, so a killed,
/// interrupted or crashed run loses only the requests that were in flight, and the next run with the same
/// <see cref="RunKey"/> reuses every journaled row instead of asking the LLM again.
/// </summary>
/// <remarks>
/// <para>Durability: <see cref="Record"/> returns once the row is committed to the write-ahead log. One writer thread
/// (<see cref="JournalWriter"/>) commits every queued row in one transaction (group commit), so a burst costs one set
/// of WAL frames and one row of the <c>chunks</c> table per step (<see cref="JournalChunk"/>). The LLM steps use
/// <see cref="Defer"/>: a row is made durable before it leaves its step's reorder window (before it counts as done), and
/// every row finished by then shares that transaction. SQLite checksums every
/// WAL frame and, on the next open, replays only complete transactions: a write torn by a kill or a crash is detected
/// and ignored (those rows are simply asked again), never fatal. Each chunk's directory and body also carry their own
/// CRC-32, verified on read; the rows of a damaged chunk are treated as absent.</para>
/// <para>Size: one compact entry per row (<see cref="JournalEntryCodec"/>): fingerprint, tokens, error, the raw answer
/// and the step's columns, with column names, step names and short repeated values stored once; a commit's entries are
/// Brotli-compressed together. Opening reads only the chunks' directories into an in-memory index
/// (<see cref="JournalIndex"/>); a resumed run reads each chunk's body once, when it reaches its first row.</para>
/// <para>One run at a time: the file is locked exclusively while open; a second run on the same journal gets a clear
/// error. The journal is bound to its key (task prompt, model, options): opening it with another key throws
/// <see cref="RunJournalMismatchException"/> instead of mixing answers.</para>
/// <para>Thread-safe: <see cref="Find(string, long, ReadOnlySpan{byte})"/> and <see cref="Record"/> may be called from any thread.</para>
/// </remarks>
/// <example><code>
/// using var journal = RunJournal.Open("out/labelled.journal.db", pipeline.RunKey);
/// await foreach (var row in pipeline.RunAsync(rows, journal: journal)) { … }
/// </code></example>
public sealed class RunJournal : IRowJournal, IDisposable
{
    /// <summary>The format written in the journal's <c>meta</c> table.</summary>
    /// <remarks>
    /// 5: rows stored a commit at a time, compressed together (<see cref="JournalChunk"/>); 4 had a table row per journaled
    /// row, and XxHash128 row fingerprints (3 had SHA-256 ones).
    /// </remarks>
    public const string Format = "distilabel-run-journal/5";

    private const int SqliteCorrupt = 11;

    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _readChunk;
    private readonly SqliteCommand _insertChunk;
    private readonly bool _retryFailed;
    private readonly JournalNames _names;
    private readonly JournalWriter _writer;
    private readonly JournalIndex _index;

    // The chunks read last: a resumed run looks its rows up in order, so each chunk is read once.
    private readonly LoadedChunk?[] _loaded = new LoadedChunk?[4];
    private int _nextLoaded;
    private long _nextChunkId;

    // Per step id, the highest row index the journal may hold (at open, or queued since): rows start in index order, so
    // a fresh run's lookups are almost all above it and skip the lock.
    private readonly ConcurrentDictionary<int, long> _highestIndex = new();
    private long _reused;
    private long _recorded;
    private long _commits;
    private long _inputChanged;
    private long _damaged;
    private long _retried;
    private bool _disposed;
    private readonly Dictionary<string, long> _reusedBySteps = new(StringComparer.Ordinal);

    private RunJournal(string path, RunKey key, SqliteConnection connection, JournalNames names, JournalIndex index, long lastChunkId, bool retryFailed, TimeSpan groupCommitDelay, bool created)
    {
        _names = names;
        _index = index;
        _nextChunkId = lastChunkId + 1;
        Path = path;
        Key = key;
        _connection = connection;
        _retryFailed = retryFailed;
        Created = created;
        RowsAtOpen = index.Rows;
        FailedRowsAtOpen = index.FailedRows;

        _readChunk = connection.CreateCommand();
        _readChunk.CommandText = "SELECT step, rows, body FROM chunks WHERE id = $id";
        _readChunk.Parameters.Add("$id", SqliteType.Integer);
        _readChunk.Prepare();

        _insertChunk = connection.CreateCommand();
        _insertChunk.CommandText = "INSERT INTO chunks (id, step, rows, body) VALUES ($id, $step, $rows, $body)";
        _insertChunk.Parameters.Add("$id", SqliteType.Integer);
        _insertChunk.Parameters.Add("$step", SqliteType.Integer);
        _insertChunk.Parameters.Add("$rows", SqliteType.Blob);
        _insertChunk.Parameters.Add("$body", SqliteType.Blob);
        _insertChunk.Prepare();

        _writer = new JournalWriter(Commit, "distilabel journal writer", typeof(RunJournal), groupCommitDelay);
    }

    /// <summary>The journal's own connection, for tables kept beside the rows (<see cref="BatchJournal"/>); used only
    /// while no row is being recorded.</summary>
    internal SqliteConnection Connection => _connection;

    /// <summary>The journal file (full path).</summary>
    public string Path { get; }

    /// <summary>The key of the run using the journal.</summary>
    public RunKey Key { get; }

    /// <summary>Whether the journal was created by this open (no earlier run).</summary>
    public bool Created { get; }

    /// <summary>Finished rows the journal held when opened.</summary>
    public long RowsAtOpen { get; }

    /// <summary>Of <see cref="RowsAtOpen"/>, rows that had finished with an error.</summary>
    public long FailedRowsAtOpen { get; }

    /// <summary>Rows returned by <see cref="Find(string, long, ReadOnlySpan{byte})"/> (reused without asking the LLM).</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>Rows of <paramref name="step"/> returned by <see cref="Find(string, long, ReadOnlySpan{byte})"/>.</summary>
    public long ReusedBy(string step)
    {
        lock (_gate)
            return _reusedBySteps.GetValueOrDefault(step);
    }

    /// <summary>Rows made durable by <see cref="Record"/> since the journal was opened.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Transactions that made rows durable since the journal was opened (fewer than <see cref="Recorded"/>
    /// when rows share one).</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    /// <summary>Journaled rows not reused because the input row at their index changed.</summary>
    public long InputChanged => Interlocked.Read(ref _inputChanged);

    /// <summary>Journaled rows not reused because their entry was damaged (checksum mismatch).</summary>
    public long Damaged => Interlocked.Read(ref _damaged);

    /// <summary>Failed rows asked again because of <see cref="RunJournalOptions.RetryFailed"/>.</summary>
    public long RetriedFailed => Interlocked.Read(ref _retried);

    /// <summary>The default journal of an output file: <c>&lt;folder&gt;/.distilabel/&lt;file name&gt;.journal.db</c>.</summary>
    public static string DefaultPathFor(string outputPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var full = System.IO.Path.GetFullPath(outputPath);
        var folder = System.IO.Path.GetDirectoryName(full) ?? ".";
        return System.IO.Path.Combine(folder, ".distilabel", System.IO.Path.GetFileName(full) + ".journal.db");
    }

    /// <summary>Deletes a journal and its SQLite side files, if present.</summary>
    public static void Delete(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new RunJournalException(full, RunJournalProblem.Unusable, $"the journal path {full} is a directory");
        foreach (var file in new[] { full, full + "-wal", full + "-shm", full + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RunJournalException(full, RunJournalProblem.Unwritable, $"cannot delete the journal {file}: {e.Message}", e);
            }
        }
    }

    /// <summary>Opens (or creates) the journal at <paramref name="path"/> for a run with <paramref name="key"/>.</summary>
    /// <exception cref="RunJournalMismatchException">The journal was made with another key.</exception>
    /// <exception cref="RunJournalException">It is in use by another run, damaged, not a journal, or cannot be written.</exception>
    public static RunJournal Open(string path, RunKey key, RunJournalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(key);
        options ??= new RunJournalOptions();
        if (options.GroupCommitDelay < TimeSpan.Zero || options.GroupCommitDelay > TimeSpan.FromHours(1))
            throw new ArgumentOutOfRangeException(nameof(options), options.GroupCommitDelay, "RunJournalOptions.GroupCommitDelay must be between 0 and 1 hour.");
        var full = SqliteFile.FullPath(path, "journal", Fail);
        if (options.Fresh)
        {
            EnsureNotInUse(full);
            Delete(full);
        }

        SqliteFile.CreateFolder(full, "journal", Fail);
        var connection = SqliteFile.Connection(full, timeoutSeconds: 1);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 250");
            Execute(connection, "PRAGMA locking_mode = EXCLUSIVE");
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL")?.ToString();
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new RunJournalException(full, RunJournalProblem.Unusable, $"cannot open the journal {full} in WAL mode (got '{mode}')");
            Execute(connection, options.FlushToDisk ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            // Checkpoint the WAL every ~40 MB instead of every ~4 MB: each commit rewrites the last leaf page, and a
            // checkpoint copies only a page's latest version (about 1 µs a row less); closing checkpoints the rest.
            Execute(connection, "PRAGMA wal_autocheckpoint = 10000");

            bool created;
            JournalNames names;
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                created = PrepareSchema(connection, transaction, full, key);
                names = JournalNames.Load(connection, transaction);
                transaction.Commit();
            }

            // Only the chunks' directories are read: a resumed run reads a chunk's body when it reaches its first row.
            var index = new JournalIndex();
            var highest = new Dictionary<int, long>();
            long lastChunkId = 0;
            using (var directories = connection.CreateCommand())
            {
                directories.CommandText = "SELECT id, step, rows FROM chunks ORDER BY id";
                using var reader = directories.ExecuteReader();
                while (reader.Read())
                {
                    var (chunkId, stepId) = (reader.GetInt64(0), reader.GetInt32(1));
                    lastChunkId = chunkId;
                    // A damaged directory hides its chunk's rows: they are asked again.
                    foreach (var entry in JournalChunk.ReadDirectory(stepId, (byte[])reader.GetValue(2)) ?? [])
                    {
                        index.Set(stepId, entry.Index, chunkId, entry.Failed);
                        highest[stepId] = Math.Max(highest.GetValueOrDefault(stepId, -1), entry.Index);
                    }
                }
            }

            var journal = new RunJournal(full, key, connection, names, index, lastChunkId, options.RetryFailed, options.GroupCommitDelay, created);
            foreach (var (stepId, highestIndex) in highest)
                journal._highestIndex[stepId] = highestIndex;
            return journal;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Translate(full, e);
        }
        catch (FormatException e)
        {
            connection.Dispose();
            throw new RunJournalException(full, RunJournalProblem.Damaged, $"{full} is not a run journal or is damaged ({e.Message})", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public JournaledRow? Find(long index, ReadOnlySpan<byte> inputFingerprint) => Find("", index, inputFingerprint);

    /// <inheritdoc />
    public JournaledRow? Find(string step, long index, ReadOnlySpan<byte> inputFingerprint) => Find(step, index, inputFingerprint, counted: true);

    /// <inheritdoc />
    public JournaledRow? FindAgain(string step, long index, ReadOnlySpan<byte> inputFingerprint) => Find(step, index, inputFingerprint, counted: false);

    private JournaledRow? Find(string step, long index, ReadOnlySpan<byte> inputFingerprint, bool counted)
    {
        ArgumentNullException.ThrowIfNull(step);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);

        // Above the highest index the journal can hold (a fresh run's rows, almost all of them) the answer is known
        // without the commit lock: a row never waits for another's transaction before its request.
        if (_names.Existing(step) is not { } stepId)
            return null;
        if (!_highestIndex.TryGetValue(stepId, out var highest) || index > highest)
            return null;

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var chunkId = Math.Abs(_index.Get(stepId, index));
            if (chunkId == 0)
                return null;
            JournaledRow? saved = null;
            try
            {
                var entry = Load(chunkId).Find(index);
                if (!entry.IsEmpty)
                    saved = JournalEntryCodec.Decode(step, index, entry, _names);
            }
            catch (Exception e) when (e is SqliteException { SqliteErrorCode: SqliteCorrupt } or InvalidCastException or FormatException)
            {
                saved = null;
            }

            // A second look at a row (FindAgain) leaves the run's statistics as the first look set them.
            if (saved is null)
            {
                _damaged += counted ? 1 : 0;
                return null;
            }

            if (!inputFingerprint.SequenceEqual(saved.InputFingerprint))
            {
                _inputChanged += counted ? 1 : 0;
                return null;
            }

            if (saved.Error is not null && _retryFailed)
            {
                _retried += counted ? 1 : 0;
                return null;
            }

            if (counted)
            {
                _reused++;
                _reusedBySteps[step] = _reusedBySteps.GetValueOrDefault(step) + 1;
            }

            return saved;
        }
    }

    /// <inheritdoc />
    /// <remarks>Blocks until the row is committed; <see cref="RecordAsync"/> waits without holding a thread.</remarks>
    public void Record(JournaledRow row) => RecordAsync(row).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <remarks>
    /// Group commit: the row is encoded on the caller's thread and queued; the writer thread commits every queued row in
    /// one transaction. The returned task completes only once the row is durable, but a burst of finished rows costs one
    /// transaction instead of one each.
    /// </remarks>
    public ValueTask RecordAsync(JournaledRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var batch = Queue(row, urgent: true);
        return new ValueTask(batch.Durable.Task.WaitAsync(cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The row is encoded and queued without a commit. Calling the returned function asks the writer thread for a commit
    /// of every queued row: at once, or once enough rows gathered (see <see cref="MakeDurable"/>). So rows that finish
    /// while an earlier row waits its turn in the reorder window share one transaction. At most
    /// <see cref="JournalWriter.MaxDeferredRows"/> rows wait uncommitted: a hard kill loses at most those (they are asked again);
    /// <see cref="Dispose"/> commits them.
    /// </remarks>
    public MakeDurable Defer(JournaledRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Queue(row, urgent: false).MakeDurable;
    }

    private JournalWriter.Batch Queue(JournaledRow row, bool urgent)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var stepId = _names.IdOf(row.Step);
        var batch = _writer.Queue(stepId, row.Index, row.Error is not null, JournalEntryCodec.Encode(row, _names), urgent);
        _highestIndex.AddOrUpdate(stepId, static (_, index) => index, static (_, highest, index) => Math.Max(highest, index), row.Index);

        return batch;
    }

    /// <summary>Writes a batch in one transaction (on the writer thread): one chunk per step.</summary>
    private void Commit(JournalWriter.Batch batch)
    {
        // Compressed before taking the lock: a lookup of a resumed run never waits for Brotli.
        var chunks = ByStep(batch);
        var blobs = chunks.ConvertAll(c => (Directory: JournalChunk.WriteDirectory(c.StepId, batch.Rows, c.Members), Body: JournalChunk.WriteBody(c.StepId, Entries(batch, c.Members))));
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var firstId = _nextChunkId;
                using (var transaction = _connection.BeginTransaction(deferred: false))
                {
                    // Names first: an entry never refers to a name that is not durable with it.
                    var named = _names.WriteNew(_connection, transaction);
                    _insertChunk.Transaction = transaction;
                    try
                    {
                        for (var i = 0; i < chunks.Count; i++)
                        {
                            _insertChunk.Parameters[0].Value = firstId + i;
                            _insertChunk.Parameters[1].Value = chunks[i].StepId;
                            _insertChunk.Parameters[2].Value = blobs[i].Directory;
                            _insertChunk.Parameters[3].Value = blobs[i].Body;
                            _insertChunk.ExecuteNonQuery();
                        }
                    }
                    finally
                    {
                        _insertChunk.Transaction = null;
                    }

                    transaction.Commit();
                    _names.Persisted(named);
                }

                _nextChunkId = firstId + chunks.Count;
                for (var i = 0; i < chunks.Count; i++)
                {
                    foreach (var member in chunks[i].Members)
                    {
                        var row = batch.Rows[member];
                        _index.Set(row.StepId, row.Index, firstId + i, row.Failed);
                    }
                }

                _recorded += batch.Count;
                _commits++;
            }
        }
        catch (SqliteException e)
        {
            throw Translate(Path, e);
        }
        catch (ObjectDisposedException e)
        {
            throw new RunJournalException(Path, RunJournalProblem.Unusable, $"the journal {Path} was closed before the row could be recorded", e);
        }
    }

    /// <summary>The batch's rows by step, in order (almost always one step: the whole batch).</summary>
    private static List<(int StepId, List<int> Members)> ByStep(JournalWriter.Batch batch)
    {
        var rows = batch.Rows;
        var chunks = new List<(int StepId, List<int> Members)>(1);
        for (var i = 0; i < rows.Count; i++)
        {
            var chunk = 0;
            while (chunk < chunks.Count && chunks[chunk].StepId != rows[i].StepId)
                chunk++;
            if (chunk == chunks.Count)
                chunks.Add((rows[i].StepId, new List<int>(rows.Count)));
            chunks[chunk].Members.Add(i);
        }

        return chunks;
    }

    /// <summary>The entries of <paramref name="members"/> back to back (the batch's own bytes when they are all of it).</summary>
    private static ReadOnlySpan<byte> Entries(JournalWriter.Batch batch, List<int> members)
    {
        if (members.Count == batch.Count)
            return batch.Data.WrittenSpan;
        var entries = new ArrayBufferWriter<byte>();
        foreach (var member in members)
        {
            var row = batch.Rows[member];
            entries.Write(batch.Data.WrittenSpan.Slice(row.Offset, row.Length));
        }

        return entries.WrittenSpan;
    }

    /// <summary>A chunk's rows, read once for the lookups of a resumed run (which go through a chunk's rows in turn).</summary>
    private LoadedChunk Load(long chunkId)
    {
        foreach (var loaded in _loaded)
        {
            if (loaded?.Id == chunkId)
                return loaded;
        }

        _readChunk.Parameters[0].Value = chunkId;
        LoadedChunk chunk;
        using (var reader = _readChunk.ExecuteReader())
        {
            chunk = reader.Read()
                ? LoadedChunk.Of(chunkId, reader.GetInt32(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2))
                : LoadedChunk.Damaged(chunkId);
        }

        _loaded[_nextLoaded] = chunk;
        _nextLoaded = (_nextLoaded + 1) % _loaded.Length;
        return chunk;
    }

    /// <summary>A chunk read back and checked: its rows' entries by index (none when it is damaged).</summary>
    private sealed class LoadedChunk
    {
        private readonly Dictionary<long, JournalChunk.Entry> _rows;
        private readonly byte[] _entries;

        private LoadedChunk(long id, Dictionary<long, JournalChunk.Entry> rows, byte[] entries)
        {
            Id = id;
            _rows = rows;
            _entries = entries;
        }

        public long Id { get; }

        public IEnumerable<long> Indices => _rows.Keys;

        public static LoadedChunk Damaged(long id) => new(id, [], []);

        public static LoadedChunk Of(long id, int stepId, byte[] directory, byte[] body)
        {
            if (JournalChunk.ReadDirectory(stepId, directory) is not { } entries || JournalChunk.ReadBody(stepId, body) is not { } bytes)
                return Damaged(id);
            var rows = new Dictionary<long, JournalChunk.Entry>(entries.Length);
            foreach (var entry in entries)
            {
                if (entry.Offset + entry.Length > bytes.Length)
                    return Damaged(id);
                rows[entry.Index] = entry;
            }

            return new LoadedChunk(id, rows, bytes);
        }

        /// <summary>The row's entry; empty when the chunk does not hold it (damaged).</summary>
        public ReadOnlySpan<byte> Find(long index)
            => _rows.TryGetValue(index, out var entry) ? _entries.AsSpan(entry.Offset, entry.Length) : default;
    }

    /// <summary>Every journaled row, by index (for inspection; entries that fail their checksum are skipped).</summary>
    public IReadOnlyList<JournaledRow> ReadAll()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A later chunk's row replaces an earlier one's (a failed row asked again).
            var rows = new SortedDictionary<(int StepId, long Index), JournaledRow>();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, step, rows, body FROM chunks ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var stepId = reader.GetInt32(1);
                var chunk = LoadedChunk.Of(reader.GetInt64(0), stepId, (byte[])reader.GetValue(2), (byte[])reader.GetValue(3));
                foreach (var index in chunk.Indices)
                {
                    try
                    {
                        rows[(stepId, index)] = JournalEntryCodec.Decode(_names.NameOf(stepId), index, chunk.Find(index), _names);
                    }
                    catch (FormatException)
                    {
                        // A damaged entry is skipped, as a lookup would.
                    }
                }
            }

            return [.. rows.Values];
        }
    }

    /// <summary>Closes the journal (checkpointing its write-ahead log into the file).</summary>
    public void Dispose()
    {
        // Rows deferred and never awaited (a run stopped early) are still committed: they need not be asked again.
        _writer.Dispose();
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _readChunk.Dispose();
            _insertChunk.Dispose();
            try
            {
                Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            catch (SqliteException)
            {
                // The WAL stays; the next open replays it.
            }

            _connection.Dispose();
        }
    }

    /// <summary>Creates the tables of a new journal, or checks that an existing one has this key. Returns whether it was new.</summary>
    private static bool PrepareSchema(SqliteConnection connection, SqliteTransaction transaction, string path, RunKey key)
    {
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.Transaction = transaction;
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
                tables.Add(reader.GetString(0));
        }

        if (tables.Count == 0)
        {
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE names (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
                CREATE TABLE chunks (id INTEGER PRIMARY KEY, step INTEGER NOT NULL, rows BLOB NOT NULL, body BLOB NOT NULL);
                INSERT INTO meta (name, value) VALUES ('format', $format), ('run_key', $hash), ('run_key_components', $components), ('created_at', $at);
                """;
            create.Parameters.AddWithValue("$format", Format);
            create.Parameters.AddWithValue("$hash", key.Hash);
            create.Parameters.AddWithValue("$components", key.ToJson());
            create.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            create.ExecuteNonQuery();
            return true;
        }

        if (!tables.Contains("meta") || !(tables.Contains("chunks") || tables.Contains("rows")))
            throw new RunJournalException(path, RunJournalProblem.NotAJournal, $"{path} is an SQLite database but not a run journal");

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT name, value FROM meta";
            using var reader = read.ExecuteReader();
            while (reader.Read())
                meta[reader.GetString(0)] = reader.GetString(1);
        }

        if (meta.GetValueOrDefault("format") != Format)
            throw new RunJournalException(path, RunJournalProblem.OtherVersion, $"{path} is a run journal of another format ('{meta.GetValueOrDefault("format")}', this version reads '{Format}'); its rows cannot be reused");
        if (meta.GetValueOrDefault("run_key") == key.Hash)
            return false;

        RunKey stored;
        try
        {
            stored = RunKey.FromJson(meta.GetValueOrDefault("run_key_components") ?? "{}");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            stored = new RunKey([]);
        }

        throw new RunJournalMismatchException(path, stored, key);
    }

    /// <summary>Throws when another run holds the journal (deleting it under that run would lose its rows).</summary>
    private static void EnsureNotInUse(string path)
    {
        if (!File.Exists(path))
            return;
        using var probe = SqliteFile.Connection(path, timeoutSeconds: 1, SqliteOpenMode.ReadWrite);
        try
        {
            probe.Open();
            Execute(probe, "PRAGMA busy_timeout = 250");
            Execute(probe, "BEGIN IMMEDIATE");
            Execute(probe, "ROLLBACK");
        }
        catch (SqliteException e) when (SqliteFile.Classify(e) == SqliteFileProblem.InUse)
        {
            throw Translate(path, e);
        }
        catch (SqliteException)
        {
            // Damaged or not a journal: it is deleted anyway.
        }
    }

    private static RunJournalException Translate(string path, SqliteException e) => SqliteFile.Classify(e) switch
    {
        SqliteFileProblem.InUse => new RunJournalException(path, RunJournalProblem.InUse, $"the journal {path} is in use by another run", e),
        SqliteFileProblem.Damaged => new RunJournalException(path, RunJournalProblem.Damaged, $"{path} is not a run journal or is damaged", e),
        SqliteFileProblem.Unwritable => new RunJournalException(path, RunJournalProblem.Unwritable, $"cannot write the journal {path} ({e.Message.TrimEnd('.')})", e),
        _ => new RunJournalException(path, RunJournalProblem.Unusable, $"cannot use the journal {path}: {e.Message}", e),
    };

    private static Exception Fail(SqliteFileProblem problem, string path, string detail, Exception? cause)
        => new RunJournalException(path, problem == SqliteFileProblem.Unwritable ? RunJournalProblem.Unwritable : RunJournalProblem.Unusable, detail, cause);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

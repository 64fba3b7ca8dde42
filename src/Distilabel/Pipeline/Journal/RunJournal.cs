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
/// of WAL frames. The LLM steps use <see cref="Defer"/>: a row is made durable before it leaves its step's reorder window
/// (before it counts as done), and every row finished by then shares that transaction. SQLite checksums every
/// WAL frame and, on the next open, replays only complete transactions: a write torn by a kill or a crash is detected
/// and ignored (those rows are simply asked again), never fatal. Each entry also carries its own CRC-32, verified on
/// read; a damaged entry is treated as absent.</para>
/// <para>Size: one compact blob per row (<see cref="JournalEntryCodec"/>): fingerprint, tokens, error, the raw answer
/// (Brotli-compressed) and the step's columns, with column names, step names and short repeated values stored once.</para>
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
    /// <remarks>4: XxHash128 row fingerprints (3 had SHA-256 ones, so its rows cannot be matched any more).</remarks>
    public const string Format = "distilabel-run-journal/4";

    private const int SqliteCorrupt = 11;

    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _record;
    private readonly SqliteCommand _recordMany;
    private readonly bool _retryFailed;
    private readonly JournalNames _names;
    private readonly JournalWriter _writer;

    // Per step id, the highest row index the journal may hold (at open, or queued since): rows start in index order, so
    // a fresh run's lookups are almost all above it and skip SQLite.
    private readonly ConcurrentDictionary<int, long> _highestIndex = new();
    private long _reused;
    private long _recorded;
    private long _commits;
    private long _inputChanged;
    private long _damaged;
    private long _retried;
    private bool _disposed;
    private readonly Dictionary<string, long> _reusedBySteps = new(StringComparer.Ordinal);

    private RunJournal(string path, RunKey key, SqliteConnection connection, JournalNames names, bool retryFailed, TimeSpan groupCommitDelay, bool created, long rows, long failedRows)
    {
        _names = names;
        Path = path;
        Key = key;
        _connection = connection;
        _retryFailed = retryFailed;
        Created = created;
        RowsAtOpen = rows;
        FailedRowsAtOpen = failedRows;

        _find = connection.CreateCommand();
        _find.CommandText = "SELECT entry FROM rows WHERE step = $step AND idx = $idx";
        _find.Parameters.Add("$step", SqliteType.Integer);
        _find.Parameters.Add("$idx", SqliteType.Integer);
        _find.Prepare();

        _record = RecordCommand(connection, 1);
        _recordMany = RecordCommand(connection, RowsPerInsert);
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

            long rows = 0, failed = 0;
            using (var count = connection.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*), COALESCE(SUM(failed), 0) FROM rows";
                using var reader = count.ExecuteReader();
                if (reader.Read())
                {
                    rows = reader.GetInt64(0);
                    failed = reader.GetInt64(1);
                }
            }

            var journal = new RunJournal(full, key, connection, names, options.RetryFailed, options.GroupCommitDelay, created, rows, failed);
            using (var highest = connection.CreateCommand())
            {
                highest.CommandText = "SELECT step, MAX(idx) FROM rows GROUP BY step";
                using var reader = highest.ExecuteReader();
                while (reader.Read())
                    journal._highestIndex[reader.GetInt32(0)] = reader.GetInt64(1);
            }

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
            JournaledRow? saved;
            try
            {
                _find.Parameters[0].Value = stepId;
                _find.Parameters[1].Value = index;
                using var reader = _find.ExecuteReader();
                if (!reader.Read())
                    return null;
                saved = JournalEntryCodec.Decode(step, index, (byte[])reader.GetValue(0), _names);
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
        var entry = Queue(row, urgent: true);
        return new ValueTask(entry.Durable.Task.WaitAsync(cancellationToken));
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
        var entry = Queue(row, urgent: false);
        return gather => _writer.DurableAsync(entry, gather);
    }

    private JournalWriter.Pending Queue(JournaledRow row, bool urgent)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var stepId = _names.IdOf(row.Step);
        var entry = _writer.Queue(row, stepId, JournalEntryCodec.Encode(row, _names), urgent);
        _highestIndex.AddOrUpdate(stepId, static (_, index) => index, static (_, highest, index) => Math.Max(highest, index), row.Index);

        return entry;
    }

    /// <summary>Rows written by one statement of a commit: each statement costs a few µs of binding and stepping.</summary>
    private const int RowsPerInsert = 32;

    /// <summary>Writes rows in one transaction (on the writer thread), <see cref="RowsPerInsert"/> rows a statement.</summary>
    private void Commit(IReadOnlyList<JournalWriter.Pending> batch)
    {
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                using var transaction = _connection.BeginTransaction(deferred: false);
                // Names first: an entry never refers to a name that is not durable with it.
                var named = _names.WriteNew(_connection, transaction);
                var at = 0;
                for (; batch.Count - at >= RowsPerInsert; at += RowsPerInsert)
                    Insert(_recordMany, transaction, batch, at, RowsPerInsert);
                for (; at < batch.Count; at++)
                    Insert(_record, transaction, batch, at, 1);
                transaction.Commit();
                _names.Persisted(named);
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

    private static void Insert(SqliteCommand command, SqliteTransaction transaction, IReadOnlyList<JournalWriter.Pending> batch, int from, int count)
    {
        command.Transaction = transaction;
        var p = command.Parameters;
        for (var i = 0; i < count; i++)
        {
            var entry = batch[from + i];
            p[4 * i].Value = entry.StepId;
            p[4 * i + 1].Value = entry.Row.Index;
            p[4 * i + 2].Value = entry.Row.Error is null ? 0 : 1;
            p[4 * i + 3].Value = entry.Bytes;
        }

        try
        {
            command.ExecuteNonQuery();
        }
        finally
        {
            command.Transaction = null;
        }
    }

    /// <summary>A prepared <c>INSERT OR REPLACE</c> of <paramref name="rows"/> rows.</summary>
    private static SqliteCommand RecordCommand(SqliteConnection connection, int rows)
    {
        var command = connection.CreateCommand();
        var values = new System.Text.StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"($s{i}, $i{i}, $f{i}, $e{i})");
            command.Parameters.Add($"$s{i}", SqliteType.Integer);
            command.Parameters.Add($"$i{i}", SqliteType.Integer);
            command.Parameters.Add($"$f{i}", SqliteType.Integer);
            command.Parameters.Add($"$e{i}", SqliteType.Blob);
        }

        command.CommandText = $"INSERT OR REPLACE INTO rows (step, idx, failed, entry) VALUES {values}";
        command.Prepare();
        return command;
    }

    /// <summary>Every journaled row, by index (for inspection; entries that fail their checksum are skipped).</summary>
    public IReadOnlyList<JournaledRow> ReadAll()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var rows = new List<JournaledRow>();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT step, idx, entry FROM rows ORDER BY step, idx";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var step = _names.NameOf(reader.GetInt32(0));
                if (JournalEntryCodec.Decode(step, reader.GetInt64(1), (byte[])reader.GetValue(2), _names) is { } row)
                    rows.Add(row);
            }

            return rows;
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
            _find.Dispose();
            _record.Dispose();
            _recordMany.Dispose();
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
                CREATE TABLE rows (
                    step INTEGER NOT NULL,
                    idx INTEGER NOT NULL,
                    failed INTEGER NOT NULL,
                    entry BLOB NOT NULL,
                    PRIMARY KEY (step, idx)) WITHOUT ROWID;
                INSERT INTO meta (name, value) VALUES ('format', $format), ('run_key', $hash), ('run_key_components', $components), ('created_at', $at);
                """;
            create.Parameters.AddWithValue("$format", Format);
            create.Parameters.AddWithValue("$hash", key.Hash);
            create.Parameters.AddWithValue("$components", key.ToJson());
            create.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            create.ExecuteNonQuery();
            return true;
        }

        if (!tables.Contains("meta") || !tables.Contains("rows"))
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

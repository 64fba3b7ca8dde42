using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Distilabel.Storage;
using Microsoft.Data.Sqlite;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// A durable run journal in one SQLite file (WAL mode): every finished row is committed as it completes, so a killed,
/// interrupted or crashed run loses only the requests that were in flight, and the next run with the same
/// <see cref="RunKey"/> reuses every journaled row instead of asking the LLM again.
/// </summary>
/// <remarks>
/// <para>Durability: each row is its own transaction, appended to the write-ahead log. SQLite checksums every WAL frame
/// and, on the next open, replays only complete transactions: a write torn by a kill or a crash is detected and
/// ignored (that row is simply asked again), never fatal. Each entry also carries its own checksum, verified on read;
/// a damaged entry is treated as absent.</para>
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
    public const string Format = "distilabel-run-journal/2";

    private const int SqliteCorrupt = 11;

    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _record;
    private readonly bool _retryFailed;
    private long _reused;
    private long _recorded;
    private long _inputChanged;
    private long _damaged;
    private long _retried;
    private bool _disposed;
    private readonly Dictionary<string, long> _reusedBySteps = new(StringComparer.Ordinal);

    private RunJournal(string path, RunKey key, SqliteConnection connection, bool retryFailed, bool created, long rows, long failedRows)
    {
        Path = path;
        Key = key;
        _connection = connection;
        _retryFailed = retryFailed;
        Created = created;
        RowsAtOpen = rows;
        FailedRowsAtOpen = failedRows;

        _find = connection.CreateCommand();
        _find.CommandText = "SELECT input_fp, columns, error, raw, input_tokens, output_tokens, checksum FROM rows WHERE step = $step AND idx = $idx";
        _find.Parameters.Add("$step", SqliteType.Text);
        _find.Parameters.Add("$idx", SqliteType.Integer);
        _find.Prepare();

        _record = connection.CreateCommand();
        _record.CommandText = """
            INSERT OR REPLACE INTO rows (step, idx, input_fp, columns, error, raw, input_tokens, output_tokens, checksum, finished_at)
            VALUES ($step, $idx, $fp, $columns, $error, $raw, $in, $out, $checksum, $at)
            """;
        foreach (var (name, type) in new[]
        {
            ("$step", SqliteType.Text), ("$idx", SqliteType.Integer), ("$fp", SqliteType.Blob), ("$columns", SqliteType.Blob), ("$error", SqliteType.Text),
            ("$raw", SqliteType.Text), ("$in", SqliteType.Integer), ("$out", SqliteType.Integer), ("$checksum", SqliteType.Integer), ("$at", SqliteType.Text),
        })
        {
            _record.Parameters.Add(name, type);
        }

        _record.Prepare();
    }

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

            bool created;
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                created = PrepareSchema(connection, transaction, full, key);
                transaction.Commit();
            }

            long rows = 0, failed = 0;
            using (var count = connection.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*), COUNT(error) FROM rows";
                using var reader = count.ExecuteReader();
                if (reader.Read())
                {
                    rows = reader.GetInt64(0);
                    failed = reader.GetInt64(1);
                }
            }

            return new RunJournal(full, key, connection, options.RetryFailed, created, rows, failed);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Translate(full, e);
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
    public JournaledRow? Find(string step, long index, ReadOnlySpan<byte> inputFingerprint)
    {
        ArgumentNullException.ThrowIfNull(step);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            byte[] fingerprint, columns;
            string? error, raw;
            long inputTokens, outputTokens, checksum;
            try
            {
                _find.Parameters[0].Value = step;
                _find.Parameters[1].Value = index;
                using var reader = _find.ExecuteReader();
                if (!reader.Read())
                    return null;
                fingerprint = (byte[])reader.GetValue(0);
                columns = (byte[])reader.GetValue(1);
                error = reader.IsDBNull(2) ? null : reader.GetString(2);
                raw = reader.IsDBNull(3) ? null : reader.GetString(3);
                inputTokens = reader.GetInt64(4);
                outputTokens = reader.GetInt64(5);
                checksum = reader.GetInt64(6);
            }
            catch (Exception e) when (e is SqliteException { SqliteErrorCode: SqliteCorrupt } or InvalidCastException)
            {
                _damaged++;
                return null;
            }

            if (Checksum(step, index, fingerprint, columns, error) != checksum)
            {
                _damaged++;
                return null;
            }

            if (!inputFingerprint.SequenceEqual(fingerprint))
            {
                _inputChanged++;
                return null;
            }

            if (error is not null && _retryFailed)
            {
                _retried++;
                return null;
            }

            List<KeyValuePair<string, object?>> decoded;
            RowError? typed;
            try
            {
                decoded = RowValueCodec.Decode(columns);
                typed = error is null ? null : RowErrorCodec.Decode(error);
            }
            catch (FormatException)
            {
                _damaged++;
                return null;
            }

            _reused++;
            _reusedBySteps[step] = _reusedBySteps.GetValueOrDefault(step) + 1;
            return new JournaledRow(index, fingerprint, decoded, typed, raw, inputTokens, outputTokens) { Step = step };
        }
    }

    /// <inheritdoc />
    public void Record(JournaledRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var columns = RowValueCodec.Encode(row.Columns);
        var error = row.Error is null ? null : RowErrorCodec.Encode(row.Error);
        var checksum = Checksum(row.Step, row.Index, row.InputFingerprint, columns, error);
        var at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var p = _record.Parameters;
            p[0].Value = row.Step;
            p[1].Value = row.Index;
            p[2].Value = row.InputFingerprint;
            p[3].Value = columns;
            p[4].Value = (object?)error ?? DBNull.Value;
            p[5].Value = (object?)row.RawAnswer ?? DBNull.Value;
            p[6].Value = row.InputTokens;
            p[7].Value = row.OutputTokens;
            p[8].Value = checksum;
            p[9].Value = at;
            try
            {
                _record.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                throw Translate(Path, e);
            }

            _recorded++;
        }
    }

    /// <summary>Every journaled row, by index (for inspection; entries that fail their checksum are skipped).</summary>
    public IReadOnlyList<JournaledRow> ReadAll()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var rows = new List<JournaledRow>();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT idx, input_fp, columns, error, raw, input_tokens, output_tokens, checksum, step FROM rows ORDER BY step, idx";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var index = reader.GetInt64(0);
                var fingerprint = (byte[])reader.GetValue(1);
                var columns = (byte[])reader.GetValue(2);
                var error = reader.IsDBNull(3) ? null : reader.GetString(3);
                var step = reader.GetString(8);
                if (Checksum(step, index, fingerprint, columns, error) != reader.GetInt64(7))
                    continue;
                rows.Add(new JournaledRow(index, fingerprint, RowValueCodec.Decode(columns), error is null ? null : RowErrorCodec.Decode(error),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6)) { Step = step });
            }

            return rows;
        }
    }

    /// <summary>Closes the journal (checkpointing its write-ahead log into the file).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _find.Dispose();
            _record.Dispose();
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
                CREATE TABLE rows (
                    step TEXT NOT NULL,
                    idx INTEGER NOT NULL,
                    input_fp BLOB NOT NULL,
                    columns BLOB NOT NULL,
                    error TEXT,
                    raw TEXT,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    checksum INTEGER NOT NULL,
                    finished_at TEXT NOT NULL,
                    PRIMARY KEY (step, idx));
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
            throw new RunJournalException(path, RunJournalProblem.OtherVersion, $"{path} is not a run journal of this version (format '{meta.GetValueOrDefault("format")}')");
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

    private static long Checksum(string step, long index, ReadOnlySpan<byte> fingerprint, ReadOnlySpan<byte> columns, string? error)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(step + "\0"));
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, index);
        hash.AppendData(number);
        hash.AppendData(fingerprint);
        hash.AppendData(columns);
        if (error is not null)
            hash.AppendData(Encoding.UTF8.GetBytes(error));
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest);
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

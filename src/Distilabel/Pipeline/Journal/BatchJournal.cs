using System.Globalization;
using Distilabel.Storage;
using Microsoft.Data.Sqlite;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// The batches of a run (OpenAI Batch API), in the run journal's own SQLite file, in tables of their own: every id is
/// written as soon as the server gives it, so a killed run resumes polling instead of paying twice.
/// </summary>
public sealed class BatchJournal : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly bool _ownsConnection;

    private BatchJournal(SqliteConnection connection, bool ownsConnection)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        Execute("""
            CREATE TABLE IF NOT EXISTS batches (
                hash TEXT PRIMARY KEY,
                file_name TEXT NOT NULL,
                file_id TEXT,
                batch_id TEXT,
                status TEXT NOT NULL,
                requests INTEGER NOT NULL,
                collected INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS batch_requests (
                batch_hash TEXT NOT NULL,
                custom_id TEXT NOT NULL,
                idx INTEGER NOT NULL,
                request_hash TEXT NOT NULL,
                outcome TEXT,
                PRIMARY KEY (batch_hash, custom_id)) WITHOUT ROWID;
            """);
    }

    /// <summary>The batch tables of an open run journal (same file, same connection).</summary>
    public static BatchJournal Of(RunJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return new BatchJournal(journal.Connection, ownsConnection: false);
    }

    /// <summary>Opens the batch tables of the run journal at <paramref name="path"/> without its run key (to list, check or cancel batches).</summary>
    /// <exception cref="RunJournalException">There is no journal there, or it is in use by a run.</exception>
    public static BatchJournal OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new RunJournalException(full, RunJournalProblem.Missing, $"there is no run journal at {full}");
        var connection = SqliteFile.Connection(full, timeoutSeconds: 1, SqliteOpenMode.ReadWrite);
        try
        {
            connection.Open();
            return new BatchJournal(connection, ownsConnection: true);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new RunJournalException(full, SqliteFile.Classify(e) == SqliteFileProblem.InUse ? RunJournalProblem.InUse : RunJournalProblem.Unusable,
                $"cannot read the batches of {full}: {e.Message}", e);
        }
    }

    /// <summary>What makes this journal's submissions its own: the run key and when the journal was created (a fresh journal submits anew).</summary>
    public string Identity
    {
        get
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name, value FROM meta WHERE name IN ('run_key', 'created_at') ORDER BY name";
            using var reader = command.ExecuteReader();
            var parts = new List<string>();
            while (reader.Read())
                parts.Add(reader.GetString(1));
            return string.Join('\n', parts);
        }
    }

    /// <summary>Changes each time batches are collected: a later submission of the same requests (a retry) is a new one.</summary>
    public long Round => Convert.ToInt64(Scalar("SELECT COUNT(*) FROM batches WHERE collected = 1"), CultureInfo.InvariantCulture);

    /// <summary>Every batch, oldest first.</summary>
    public IReadOnlyList<BatchRecord> All() => Batches("SELECT hash, file_name, file_id, batch_id, status, requests, collected, created_at FROM batches ORDER BY rowid");

    /// <summary>Batches created and not yet collected: their rows are answered by them, not by a new submission.</summary>
    public IReadOnlyList<BatchRecord> Live() => All().Where(b => b.BatchId is not null && !b.Collected).ToList();

    /// <summary>The batch of submission <paramref name="hash"/>, if journaled.</summary>
    public BatchRecord? Find(string hash) => All().FirstOrDefault(b => b.Hash == hash);

    /// <summary>The requests of a batch.</summary>
    public IReadOnlyList<BatchRequestRecord> Requests(string batchHash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT batch_hash, custom_id, idx, request_hash, outcome FROM batch_requests WHERE batch_hash = $hash ORDER BY idx";
        command.Parameters.AddWithValue("$hash", batchHash);
        return ReadRequests(command);
    }

    /// <summary>Every request of every batch, by row: which batch asked for each row and how it ended.</summary>
    public IReadOnlyList<BatchRequestRecord> AllRequests()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT r.batch_hash, r.custom_id, r.idx, r.request_hash, r.outcome FROM batch_requests r JOIN batches b ON b.hash = r.batch_hash ORDER BY r.idx, b.rowid";
        return ReadRequests(command);
    }

    /// <summary>Makes an uploaded request file durable (before the batch is created).</summary>
    public void RecordUpload(string hash, string fileName, string fileId, long requests)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            INSERT INTO batches (hash, file_name, file_id, status, requests, created_at) VALUES ($hash, $name, $file, 'uploaded', $requests, $at)
            ON CONFLICT(hash) DO UPDATE SET file_id = excluded.file_id
            """;
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$name", fileName);
        command.Parameters.AddWithValue("$file", fileId);
        command.Parameters.AddWithValue("$requests", requests);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <summary>Makes a created batch durable with the rows it asks for, in one transaction.</summary>
    public void RecordCreated(string hash, string fileName, string fileId, string batchId, string status, IReadOnlyCollection<BatchRequestRecord> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var transaction = _connection.BeginTransaction();
        using (var batch = _connection.CreateCommand())
        {
            batch.Transaction = transaction;
            batch.CommandText = """
                INSERT INTO batches (hash, file_name, file_id, batch_id, status, requests, created_at) VALUES ($hash, $name, $file, $batch, $status, $requests, $at)
                ON CONFLICT(hash) DO UPDATE SET file_id = excluded.file_id, batch_id = excluded.batch_id, status = excluded.status
                """;
            batch.Parameters.AddWithValue("$hash", hash);
            batch.Parameters.AddWithValue("$name", fileName);
            batch.Parameters.AddWithValue("$file", fileId);
            batch.Parameters.AddWithValue("$batch", batchId);
            batch.Parameters.AddWithValue("$status", status);
            batch.Parameters.AddWithValue("$requests", requests.Count);
            batch.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            batch.ExecuteNonQuery();
        }

        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR REPLACE INTO batch_requests (batch_hash, custom_id, idx, request_hash) VALUES ($hash, $id, $idx, $request)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var idx = insert.Parameters.Add("$idx", SqliteType.Integer);
            var request = insert.Parameters.Add("$request", SqliteType.Text);
            insert.Parameters.AddWithValue("$hash", hash);
            foreach (var r in requests)
            {
                id.Value = r.CustomId;
                idx.Value = r.Index;
                request.Value = r.RequestHash;
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>Records a batch's last known status.</summary>
    public void UpdateStatus(string hash, string status)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE batches SET status = $status WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$status", status);
        command.ExecuteNonQuery();
    }

    /// <summary>Marks a batch collected, with how each of its requests ended (<c>answered</c> or the error).</summary>
    public void MarkCollected(string hash, IReadOnlyDictionary<string, string> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        using var transaction = _connection.BeginTransaction();
        using (var batch = _connection.CreateCommand())
        {
            batch.Transaction = transaction;
            batch.CommandText = "UPDATE batches SET collected = 1 WHERE hash = $hash";
            batch.Parameters.AddWithValue("$hash", hash);
            batch.ExecuteNonQuery();
        }

        using (var update = _connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE batch_requests SET outcome = $outcome WHERE batch_hash = $hash AND custom_id = $id";
            update.Parameters.AddWithValue("$hash", hash);
            var id = update.Parameters.Add("$id", SqliteType.Text);
            var outcome = update.Parameters.Add("$outcome", SqliteType.Text);
            foreach (var (customId, text) in outcomes)
            {
                id.Value = customId;
                outcome.Value = text;
                update.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection)
            _connection.Dispose();
    }

    private List<BatchRecord> Batches(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<BatchRecord>();
        while (reader.Read())
        {
            list.Add(new BatchRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5),
                reader.GetInt64(6) != 0,
                reader.GetString(7)));
        }

        return list;
    }

    private static List<BatchRequestRecord> ReadRequests(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<BatchRequestRecord>();
        while (reader.Read())
            list.Add(new BatchRequestRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        return list;
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

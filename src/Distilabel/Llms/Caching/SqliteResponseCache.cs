using System.Globalization;
using Distilabel.Storage;
using Microsoft.Data.Sqlite;

namespace Distilabel.Llms.Caching;

/// <summary>
/// A durable response cache in one SQLite file (WAL mode), safe to share between threads and between processes
/// (several runs may use one cache). A write torn by a crash is rolled back by SQLite and never breaks the cache.
/// It stores answers only: never API keys or request headers.
/// </summary>
public sealed class SqliteResponseCache : IResponseCache, IDisposable
{
    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _set;
    private bool _disposed;

    private SqliteResponseCache(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _get = connection.CreateCommand();
        _get.CommandText = "SELECT value FROM responses WHERE key = $key";
        _get.Parameters.Add("$key", SqliteType.Text);
        _get.Prepare();
        _set = connection.CreateCommand();
        _set.CommandText = "INSERT OR REPLACE INTO responses (key, value, created_at) VALUES ($key, $value, $at)";
        _set.Parameters.Add("$key", SqliteType.Text);
        _set.Parameters.Add("$value", SqliteType.Blob);
        _set.Parameters.Add("$at", SqliteType.Text);
        _set.Prepare();
    }

    /// <summary>The cache file (full path).</summary>
    public string Path { get; }

    /// <summary>The default cache beside an output file: <c>&lt;folder&gt;/.distilabel/cache.db</c> (shared by the folder's outputs).</summary>
    public static string DefaultPathFor(string outputPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(outputPath)) ?? ".";
        return System.IO.Path.Combine(folder, ".distilabel", "cache.db");
    }

    /// <summary>Opens (or creates) the cache at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be created or is not a response cache; the message names it.</exception>
    public static SqliteResponseCache Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = SqliteFile.FullPath(path, "response cache", Fail);
        SqliteFile.CreateFolder(full, "response cache", Fail);
        var connection = SqliteFile.Connection(full, timeoutSeconds: 10);
        try
        {
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = """
                    PRAGMA busy_timeout = 10000;
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = NORMAL;
                    CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, value BLOB NOT NULL, created_at TEXT NOT NULL);
                    """;
                setup.ExecuteNonQuery();
            }

            return new SqliteResponseCache(full, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new IOException(SqliteFile.Classify(e) == SqliteFileProblem.Damaged
                ? $"{full} is not a response cache or is damaged; delete it or choose another file"
                : $"cannot use the response cache {full}: {e.Message}", e);
        }
    }

    private static Exception Fail(SqliteFileProblem problem, string path, string detail, Exception? cause) => new IOException(detail, cause);

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _get.Parameters[0].Value = key;
            try
            {
                return ValueTask.FromResult(_get.ExecuteScalar() as byte[]);
            }
            catch (SqliteException)
            {
                // A damaged or busy cache is a miss, never a failed request.
                return ValueTask.FromResult<byte[]?>(null);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _set.Parameters[0].Value = key;
            _set.Parameters[1].Value = value;
            _set.Parameters[2].Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            try
            {
                _set.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Not cached this time (e.g. another process holds the lock too long): the answer is still returned.
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Entries stored.</summary>
    public long Count()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM responses";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _get.Dispose();
            _set.Dispose();
            _connection.Dispose();
        }
    }
}

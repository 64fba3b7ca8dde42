using Microsoft.Data.Sqlite;

namespace Distilabel.Storage;

/// <summary>
/// Opening and error mapping shared by the SQLite stores (the run journal, the response cache): the path checked, the
/// folder created, a private unpooled connection, and SQLite's error codes turned into a <see cref="SqliteFileProblem"/>.
/// Each store wraps a problem in its own exception (<c>RunJournalException</c>, an <see cref="IOException"/>).
/// </summary>
internal static class SqliteFile
{
    private const int Busy = 5, Locked = 6, ReadOnly = 8, Corrupt = 11, CantOpen = 14, NotADatabase = 26;

    /// <summary>Builds a store's exception from a problem, its one-line detail and the cause.</summary>
    public delegate Exception Failure(SqliteFileProblem problem, string path, string detail, Exception? cause);

    /// <summary>The full path of <paramref name="path"/>; a malformed path or a folder is <see cref="SqliteFileProblem.BadPath"/>.</summary>
    public static string FullPath(string path, string what, Failure fail)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw fail(SqliteFileProblem.BadPath, path, $"cannot use the {what} path {path}: {e.Message}", e);
        }

        return Directory.Exists(full) ? throw fail(SqliteFileProblem.BadPath, full, $"the {what} path {full} is a directory, not a file", null) : full;
    }

    /// <summary>Creates the folder of <paramref name="full"/>; failing is <see cref="SqliteFileProblem.Unwritable"/>.</summary>
    public static void CreateFolder(string full, string what, Failure fail)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fail(SqliteFileProblem.Unwritable, full, $"cannot create the {what} {full}: {e.Message}", e);
        }
    }

    /// <summary>A connection to <paramref name="full"/> (not opened): read-write, created if missing, private, unpooled.</summary>
    public static SqliteConnection Connection(string full, int timeoutSeconds, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) => new(new SqliteConnectionStringBuilder
    {
        DataSource = full,
        Mode = mode,
        Pooling = false,
        Cache = SqliteCacheMode.Private,
        DefaultTimeout = timeoutSeconds,
    }.ToString());

    /// <summary>What an SQLite error means for the file.</summary>
    public static SqliteFileProblem Classify(SqliteException e) => e.SqliteErrorCode switch
    {
        Busy or Locked => SqliteFileProblem.InUse,
        Corrupt or NotADatabase => SqliteFileProblem.Damaged,
        CantOpen or ReadOnly => SqliteFileProblem.Unwritable,
        _ => SqliteFileProblem.Other,
    };
}

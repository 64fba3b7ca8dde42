using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// The <c>names</c> table of a run journal, held in memory: step names, column-name lists and short repeated values,
/// each stored once and referred to by id from the entries. New names are written in the same transaction as the
/// first rows that use them, so an entry never refers to a name that is not durable. Looking up a known name takes no
/// lock: every finished row looks up several, on many threads at once.
/// </summary>
internal sealed class JournalNames : IJournalNames
{
    /// <summary>At most this many names: a task whose short outputs are all different stores them inline past it.</summary>
    private const int Capacity = 4096;

    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private int _persisted;

    /// <summary>Loads the table of an existing journal.</summary>
    public static JournalNames Load(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var names = new JournalNames();
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT id, text FROM names ORDER BY id";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetInt32(0) != names._names.Count)
                throw new FormatException("the journal's name table has a gap");
            names.Add(reader.GetString(1));
        }

        names._persisted = names._names.Count;
        return names;
    }

    public int IdOf(string text)
    {
        if (_ids.TryGetValue(text, out var id))
            return id;
        lock (_gate)
            return _ids.TryGetValue(text, out id) ? id : Add(text);
    }

    public int? TryIdOf(string text)
    {
        if (_ids.TryGetValue(text, out var id))
            return id;
        lock (_gate)
            return _ids.TryGetValue(text, out id) ? id : _names.Count < Capacity ? Add(text) : null;
    }

    /// <summary>The id of <paramref name="text"/> if it is in the table (without adding it).</summary>
    public int? Existing(string text) => _ids.TryGetValue(text, out var id) ? id : null;

    public string NameOf(int id)
    {
        lock (_gate)
            return id >= 0 && id < _names.Count ? _names[id] : throw new KeyNotFoundException($"no name {id} in the journal");
    }

    /// <summary>Writes the names added since the last call into <paramref name="transaction"/>; returns the count to pass to <see cref="Persisted"/> once it commits.</summary>
    public int WriteNew(SqliteConnection connection, SqliteTransaction transaction)
    {
        string[] fresh;
        int from;
        lock (_gate)
        {
            from = _persisted;
            fresh = _names.Skip(from).ToArray();
        }

        if (fresh.Length == 0)
            return from;
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO names (id, text) VALUES ($id, $text)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        for (var i = 0; i < fresh.Length; i++)
        {
            id.Value = from + i;
            text.Value = fresh[i];
            insert.ExecuteNonQuery();
        }

        return from + fresh.Length;
    }

    /// <summary>The first <paramref name="count"/> names are durable.</summary>
    public void Persisted(int count)
    {
        lock (_gate)
            _persisted = Math.Max(_persisted, count);
    }

    /// <summary>Adds a name (under the lock): listed first, so a reader that finds its id can also read it back.</summary>
    private int Add(string text)
    {
        var id = _names.Count;
        _names.Add(text);
        _ids[text] = id;
        return id;
    }
}

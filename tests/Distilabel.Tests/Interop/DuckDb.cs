using System.Globalization;
using DuckDB.NET.Data;

namespace Distilabel.Tests.Interop;

/// <summary>An in-memory DuckDB: an independent Parquet implementation that writes our inputs and reads our outputs.</summary>
internal sealed class DuckDb : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public DuckDb() => _connection.Open();

    /// <summary>A path as a SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every row of <paramref name="sql"/>, each value as DuckDB gives it (null for SQL NULL).</summary>
    public List<object?[]> Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The single value of <paramref name="sql"/>, as invariant text.</summary>
    public string? Scalar(string sql) => Query(sql).Single()[0] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public void Dispose() => _connection.Dispose();
}

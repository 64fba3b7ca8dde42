using DuckDB.NET.Data;

namespace Distilabel.Tests.Data.Nested;

/// <summary>DuckDB in process: an independent Parquet implementation to write inputs and read outputs back.</summary>
internal static class DuckDb
{
    public static void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every row of a query, each value as DuckDB renders it as text (nested values included).</summary>
    public static List<string?[]> Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Each column of a Parquet file as text, row by row, in file order (one thread keeps the order).</summary>
    public static List<string?[]> Rows(string parquet, IEnumerable<string> columns)
        => Query($"SELECT {string.Join(", ", columns.Select(c => $"CAST(\"{c}\" AS VARCHAR)"))} FROM read_parquet('{parquet}')");

    /// <summary>The Parquet schema of a file as DuckDB reads it from the footer (the root element left out).</summary>
    public static List<string?[]> Schema(string parquet)
        => Query($"SELECT name, type, type_length, repetition_type, num_children, converted_type, scale, precision, logical_type FROM parquet_schema('{parquet}') OFFSET 1");

    public static List<string?[]> Metadata(string parquet)
        => Query($"SELECT CAST(key AS VARCHAR), CAST(value AS VARCHAR) FROM parquet_kv_metadata('{parquet}') ORDER BY 1");

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var threads = connection.CreateCommand();
        threads.CommandText = "SET threads = 1";
        threads.ExecuteNonQuery();
        return connection;
    }
}

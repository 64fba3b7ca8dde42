using System.Globalization;
using System.Text.Json;
using Distilabel.Data;
using Distilabel.Tests.Data;

namespace Distilabel.Tests.Interop;

/// <summary>
/// Parquet interop against an independent implementation (DuckDB): files DuckDB writes (ZSTD and other codecs,
/// dictionary pages, v1 and v2 data pages, several row groups, lists with null elements) read with the right values, and files we write
/// read by DuckDB with the right values and types. Today's types: strings, int32/int64, double, bool, nulls,
/// lists of integers and of strings. (Struct and map columns are not supported by the reader yet.)
/// </summary>
public sealed class DuckDbParquetTests
{
    private const int Rows = 6000;

    /// <summary>The rows of <see cref="CopyToParquet"/>, computed independently of DuckDB.</summary>
    private static Dictionary<string, object?> Expected(int i) => new()
    {
        ["id32"] = (long)i,
        ["id64"] = i * 1_000_000_007L,
        ["label"] = "label " + (i % 3),
        ["text"] = i % 7 == 0 ? null : $"ünï \"{i}\"\nline",
        ["score"] = i / 4.0,
        ["even"] = i % 2 == 0,
        ["ints"] = (i % 5) switch { 0 => null, 1 => Array.Empty<long?>(), _ => new long?[] { i, null, -i } },
        ["strs"] = (i % 5) switch { 0 => null, 1 => Array.Empty<string?>(), _ => new[] { "g" + (i % 2), null, "" } },
        ["small_ints"] = new long?[] { i % 4, i % 4 },
    };

    private static string CopyToParquet(string path, string codec, string version) => $"""
        COPY (
          SELECT
            i::INTEGER AS id32,
            (i * 1000000007)::BIGINT AS id64,
            'label ' || (i % 3) AS label,
            CASE WHEN i % 7 = 0 THEN NULL ELSE 'ünï "' || i || '"' || chr(10) || 'line' END AS text,
            i::DOUBLE / 4 AS score,
            i % 2 = 0 AS even,
            CASE WHEN i % 5 = 0 THEN NULL WHEN i % 5 = 1 THEN []::BIGINT[] ELSE [i, NULL, -i]::BIGINT[] END AS ints,
            CASE WHEN i % 5 = 0 THEN NULL WHEN i % 5 = 1 THEN []::VARCHAR[] ELSE ['g' || (i % 2), NULL, '']::VARCHAR[] END AS strs,
            [i % 4, i % 4]::INTEGER[] AS small_ints
          FROM range(0, {Rows}) t(i)
          ORDER BY i
        ) TO {DuckDb.Literal(path)} (FORMAT PARQUET, COMPRESSION {codec}, ROW_GROUP_SIZE 2048, PARQUET_VERSION {version})
        """;

    [Theory]
    [InlineData("ZSTD", "V1")]
    [InlineData("ZSTD", "V2")]
    [InlineData("SNAPPY", "V1")]
    [InlineData("GZIP", "V1")]
    [InlineData("UNCOMPRESSED", "V2")]
    public async Task Files_duckdb_writes_are_read_with_the_right_values(string codec, string version)
    {
        using var dir = new TempDirectory();
        var path = dir.File("duckdb.parquet");
        using var duck = new DuckDb();
        duck.Execute(CopyToParquet(path, codec, version));

        // The file is what the test says: the codec, a dictionary page for the repetitive column, several row groups.
        Assert.Equal(codec, duck.Scalar($"SELECT string_agg(DISTINCT compression, ',') FROM parquet_metadata({DuckDb.Literal(path)})"));
        Assert.Contains(version == "V1" ? "PLAIN_DICTIONARY" : "RLE_DICTIONARY", duck.Scalar($"SELECT encodings FROM parquet_metadata({DuckDb.Literal(path)}) WHERE path_in_schema = 'label' LIMIT 1"));
        Assert.True(int.Parse(duck.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Literal(path)})")!, CultureInfo.InvariantCulture) > 1);

        var rows = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(Rows, rows.Count);
        for (var i = 0; i < Rows; i++)
        {
            var expected = Expected(i);
            Assert.Equal(expected.Keys, rows[i].Keys);
            foreach (var (column, value) in expected)
                Assert.True(SameValue(value, rows[i][column]), $"row {i}, column '{column}': expected {Show(value)}, read {Show(rows[i][column])}");
        }
    }

    [Fact]
    public async Task Files_we_write_are_read_by_duckdb_with_the_right_values_and_types()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ours.parquet");
        var options = new DatasetWriteOptions
        {
            RowGroupSize = 100,
            Schema =
            [
                DatasetColumn.Int64("id"), DatasetColumn.Int32("n32"), DatasetColumn.String("name"), DatasetColumn.Double("score"),
                DatasetColumn.Boolean("flag"), DatasetColumn.Int64List("ratings"), DatasetColumn.StringList("generations"),
            ],
        };
        var rows = Enumerable.Range(0, 250).Select(Ours).ToList();
        await DatasetFiles.WriteAsync(path, rows, options);
        using var duck = new DuckDb();
        var file = $"read_parquet({DuckDb.Literal(path)})";

        var types = duck.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {file})")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["id"] = "BIGINT", ["n32"] = "INTEGER", ["name"] = "VARCHAR", ["score"] = "DOUBLE", ["flag"] = "BOOLEAN",
            ["ratings"] = "BIGINT[]", ["generations"] = "VARCHAR[]",
        }, types);
        Assert.Equal("3", duck.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Literal(path)})"));

        var read = duck.Query($"SELECT id, n32, name, score, flag, to_json(ratings)::VARCHAR, to_json(generations)::VARCHAR FROM {file} ORDER BY id");
        Assert.Equal(rows.Count, read.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var got = read[i];
            Assert.Equal((long)row["id"]!, Assert.IsType<long>(got[0]));
            Assert.Equal(row["n32"] is int n ? n : null, (int?)got[1]);
            Assert.Equal((string?)row["name"], (string?)got[2]);
            Assert.Equal((double?)row["score"], (double?)got[3]);
            Assert.Equal((bool?)row["flag"], (bool?)got[4]);
            Assert.Equal(Json(row["ratings"]), (string?)got[5]);
            Assert.Equal(Json(row["generations"]), (string?)got[6]);
        }

        // Aggregates over the whole file agree too (every row group was read).
        Assert.Equal(rows.Sum(r => (long)r["id"]!).ToString(CultureInfo.InvariantCulture), duck.Scalar($"SELECT sum(id) FROM {file}"));
        Assert.Equal(rows.Count(r => r["name"] is null).ToString(CultureInfo.InvariantCulture), duck.Scalar($"SELECT count(*) FROM {file} WHERE name IS NULL"));
        Assert.Equal(rows.Sum(r => r["ratings"] is long?[] l ? l.Count(x => x is null) : 0).ToString(CultureInfo.InvariantCulture),
            duck.Scalar($"SELECT count(*) FROM (SELECT unnest(ratings) AS x FROM {file}) WHERE x IS NULL"));
    }

    [Fact]
    public async Task A_file_we_write_with_inferred_types_round_trips_through_duckdb()
    {
        using var dir = new TempDirectory();
        var ours = dir.File("ours.parquet");
        var back = dir.File("back.parquet");
        var rows = Enumerable.Range(0, 50).Select(i => new Row
        {
            ["id"] = (long)i, ["text"] = i % 4 == 0 ? null : "t" + i, ["x"] = i * 0.5, ["ok"] = i % 3 == 0,
            ["ratings"] = new long?[] { i, null }, ["generations"] = new[] { "a" + i, null },
        }).ToList();
        await DatasetFiles.WriteAsync(ours, rows);

        // DuckDB reads ours and writes its own file (ZSTD, dictionaries); we read that back unchanged.
        using var duck = new DuckDb();
        duck.Execute($"COPY (SELECT * FROM read_parquet({DuckDb.Literal(ours)}) ORDER BY id) TO {DuckDb.Literal(back)} (FORMAT PARQUET, COMPRESSION ZSTD)");
        var again = await DatasetFiles.ReadAsync(back).ToListAsync();

        Assert.Equal(rows.Count, again.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var (column, value) in rows[i])
                Assert.True(SameValue(value, again[i][column]), $"row {i}, column '{column}': expected {Show(value)}, read {Show(again[i][column])}");
        }
    }

    private static Row Ours(int i) => new()
    {
        ["id"] = (long)i * 3_000_000_000L,
        ["n32"] = i % 9 == 0 ? null : (object)(i - 125),
        ["name"] = (i % 6) switch { 0 => null, 1 => "", 2 => "ünï \"quoted\"\nline, comma", _ => "name " + (i % 4) },
        ["score"] = i % 8 == 0 ? null : i * 0.25 - 10,
        ["flag"] = i % 5 == 0 ? null : i % 2 == 0,
        ["ratings"] = (i % 4) switch { 0 => null, 1 => Array.Empty<long?>(), _ => new long?[] { i, null, long.MaxValue, long.MinValue } },
        ["generations"] = (i % 3) switch { 0 => null, 1 => Array.Empty<string?>(), _ => new[] { "g" + i, null, "", "ü\n\"" } },
    };

    private static readonly JsonSerializerOptions DuckJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A list as DuckDB's to_json writes it (non-ASCII letters as they are).</summary>
    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value, DuckJson);

    private static bool SameValue(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (IEnumerable<long?> e, IEnumerable<long?> a) => e.SequenceEqual(a),
        (IEnumerable<string?> e, IEnumerable<string?> a) => e.SequenceEqual(a),
        _ => Equals(expected, actual),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        System.Collections.IEnumerable e => $"{value.GetType().Name} {JsonSerializer.Serialize(e)}",
        _ => $"{value.GetType().Name} {value}",
    };
}

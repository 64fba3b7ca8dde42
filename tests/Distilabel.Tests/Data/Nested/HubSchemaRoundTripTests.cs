using System.Text.Json;
using Distilabel.Data;

namespace Distilabel.Tests.Data.Nested;

/// <summary>Any Hub schema passes through untouched: a file DuckDB writes (nested lists, structs, maps, timestamps with
/// units and time zones, dates, decimals, binary, int32, int16, float, the huggingface metadata), read and written back,
/// is the same file to DuckDB: the same values, the same Parquet schema, the same metadata.</summary>
public sealed class HubSchemaRoundTripTests : IDisposable
{
    private const string Features = """{"info": {"features": {"i32": {"dtype": "int32", "_type": "Value"}}}}""";

    private static readonly string[] Columns =
    [
        "i32", "i64", "i16", "s", "f", "dec", "ts", "tstz", "tsms", "d", "bin", "messages", "st", "m", "ll", "ratings", "gens", "scores", "flags",
    ];

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteSource()
    {
        var path = _folder.File("source.parquet");
        DuckDb.Execute($$"""
            COPY (
              SELECT * FROM (VALUES
                (1::INTEGER, 10::BIGINT, 7::SMALLINT, 'a', 1.5::FLOAT, 12.3456::DECIMAL(18,4),
                 TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMPTZ '2024-01-02 03:04:05.123+00', TIMESTAMP_MS '2024-01-02 03:04:05.123',
                 DATE '2024-02-29', '\x01\x02\xFF'::BLOB,
                 [{'role': 'user', 'content': 'hi'}, {'role': 'assistant', 'content': NULL}],
                 {'a': 1, 'b': [1, NULL, 3]}, MAP {'k1': 1.50::DECIMAL(10,2), 'k2': NULL},
                 [[1, 2], [], NULL, [NULL]], [5, NULL, 3], ['x', NULL], [0.25::DOUBLE, NULL], [true, NULL]),
                (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                ((-2147483648)::INTEGER, -1::BIGINT, -1::SMALLINT, '', 'NaN'::FLOAT, -0.0001::DECIMAL(18,4),
                 TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPTZ '1999-12-31 23:59:59.999999+00', TIMESTAMP_MS '2100-01-01 00:00:00',
                 DATE '1900-01-01', ''::BLOB,
                 [], {'a': NULL, 'b': []}, MAP {}, [], [], [], [], []),
                (3::INTEGER, 4::BIGINT, 5::SMALLINT, 'ü "quoted"', -0.5::FLOAT, 0::DECIMAL(18,4),
                 TIMESTAMP '2024-06-30 12:00:00', TIMESTAMPTZ '2024-06-30 12:00:00+00', TIMESTAMP_MS '2024-06-30 12:00:00.001',
                 DATE '2024-06-30', '\x00'::BLOB,
                 [NULL, {'role': NULL, 'content': 'x'}], {'a': 2, 'b': NULL}, MAP {'k': 0.01::DECIMAL(10,2)},
                 [[3]], [1], [''], [1e300], [false])
              ) AS t({{string.Join(", ", Columns)}})
            ) TO '{{path}}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 2, KV_METADATA {huggingface: '{{Features}}'})
            """);
        return path;
    }

    [Fact]
    public async Task Parquet_written_by_DuckDB_round_trips_with_the_same_values_types_and_metadata()
    {
        var source = WriteSource();
        var output = _folder.File("out.parquet");
        var schema = await ParquetSourceSchema.ReadAsync(source);

        var written = await DatasetFiles.ReadAsync(source).WriteToFileAsync(output, new DatasetWriteOptions { SourceSchema = schema });

        Assert.Equal(4, written);
        AssertSameRows(DuckDb.Rows(source, Columns), DuckDb.Rows(output, Columns));
        // The same physical and converted types; a logical type where the source has one (we may add the logical
        // annotation of a converted type, e.g. IntType(32) for INT_32, which says the same).
        var sourceSchema = DuckDb.Schema(source);
        var outputSchema = DuckDb.Schema(output);
        // type_length only means something for FIXED_LEN_BYTE_ARRAY.
        // A legacy TIMESTAMP_* converted type may be left for the logical TimestampType (compared below: unit, UTC).
        static string?[] Physical(string?[] r) => [.. r[..2], r[1] == "FIXED_LEN_BYTE_ARRAY" ? r[2] : null, r[3], r[4], r[5]?.StartsWith("TIMESTAMP_", StringComparison.Ordinal) == true ? null : r[5], .. r[6..^1]];
        AssertSameRows(sourceSchema.Select(Physical).ToList(), outputSchema.Select(Physical).ToList());
        for (var i = 0; i < sourceSchema.Count; i++)
        {
            if (sourceSchema[i][^1] is { } logical)
                Assert.Equal(logical, outputSchema[i][^1]);
            if (sourceSchema[i][5]?.StartsWith("TIMESTAMP_", StringComparison.Ordinal) == true)
                Assert.Contains("TimestampType", outputSchema[i][^1]);
        }

        Assert.Equal(Features, schema.Metadata["huggingface"]);
        Assert.Equal(DuckDb.Metadata(source).Select(kv => string.Join("=", kv)), DuckDb.Metadata(output).Select(kv => string.Join("=", kv)));
    }

    [Fact]
    public async Task A_renamed_column_keeps_its_type_and_new_columns_are_inferred()
    {
        var source = WriteSource();
        var output = _folder.File("renamed.parquet");
        var schema = (await ParquetSourceSchema.ReadAsync(source)).WithRenamedColumn("messages", "conversation");

        await DatasetFiles.ReadAsync(source).Select(row =>
        {
            row.Rename("messages", "conversation");
            row["added"] = 1L;
            return row;
        }).WriteToFileAsync(output, new DatasetWriteOptions { SourceSchema = schema });

        Assert.Equal(DuckDb.Rows(source, ["messages"]).Select(r => r[0]), DuckDb.Rows(output, ["conversation"]).Select(r => r[0]));
        var sourceTypes = DuckDb.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{source}'))").ToDictionary(r => r[0]!, r => r[1]);
        var types = DuckDb.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{output}'))").ToDictionary(r => r[0]!, r => r[1]);
        Assert.Equal(sourceTypes["messages"], types["conversation"]);
        Assert.Equal("BIGINT", types["added"]);
        Assert.Equal("INTEGER", types["i32"]);
    }

    [Fact]
    public async Task Nested_values_read_as_rows_and_lists_and_write_to_jsonl_as_json()
    {
        var source = WriteSource();
        var rows = await DatasetFiles.ReadAsync(source).ToListAsync();

        var messages = Assert.IsType<object?[]>(rows[0]["messages"]);
        var first = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(messages[0]);
        Assert.Equal("user", first["role"]);
        Assert.Null(Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(messages[1])["content"]);
        Assert.Null(rows[1]["messages"]);
        Assert.Empty(Assert.IsType<object?[]>(rows[2]["messages"]));
        Assert.Equal(12.3456m, rows[0]["dec"]);
        Assert.Equal(1L, rows[0]["i32"]);

        var jsonl = _folder.File("out.jsonl");
        await DatasetFiles.ReadAsync(source).WriteToFileAsync(jsonl);
        var line = JsonDocument.Parse(File.ReadLines(jsonl).First()).RootElement;
        Assert.Equal("""[{"role":"user","content":"hi"},{"role":"assistant","content":null}]""", line.GetProperty("messages").GetRawText());
        Assert.Equal("""{"a":1,"b":[1,null,3]}""", line.GetProperty("st").GetRawText());
        Assert.Equal("""[{"key":"k1","value":1.50},{"key":"k2","value":null}]""", line.GetProperty("m").GetRawText());
        Assert.Equal("""[[1,2],[],null,[null]]""", line.GetProperty("ll").GetRawText());
        Assert.Equal("2024-01-02T03:04:05.1234560", line.GetProperty("ts").GetString());
        Assert.Equal("2024-01-02T03:04:05.1230000Z", line.GetProperty("tstz").GetString());
        Assert.Equal("2024-02-29", line.GetProperty("d").GetString());
        Assert.Equal(Convert.ToBase64String([1, 2, 0xFF]), line.GetProperty("bin").GetString());
        Assert.Equal(12.3456m, line.GetProperty("dec").GetDecimal());

        var csv = _folder.File("out.csv");
        await DatasetFiles.ReadAsync(source).WriteToFileAsync(csv);
        var back = await DatasetFiles.ReadAsync(csv).FirstAsync();
        Assert.Equal("""{"a":1,"b":[1,null,3]}""", back["st"]);
    }

    private static void AssertSameRows(List<string?[]> expected, List<string?[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i], actual[i]);
    }
}

using Distilabel.Data;

namespace Distilabel.Tests.Data.Nested;

/// <summary>Nested values written to Parquet without a source schema: the type is inferred from the values (lists of
/// structs, structs of lists, int64 widened to double, members added by later rows), read back the same, read by DuckDB
/// with the same types; a later row that does not fit is an error naming the row and the column.</summary>
public sealed class InferredNestedSchemaTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, object?> Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    private static Row[] Rows() =>
    [
        new Row
        {
            ["id"] = 1L,
            ["messages"] = new object[] { Message("user", "Hi"), Message("assistant", "Hello") },
            ["meta"] = new Dictionary<string, object?> { ["score"] = 3L, ["tags"] = new[] { "a", "b" } },
        },
        new Row
        {
            ["id"] = 2L,
            ["messages"] = new object[] { Message("user", "Bye") },
            // A double widens the int64 leaf; a new member joins the struct; an empty list fits.
            ["meta"] = new Dictionary<string, object?> { ["score"] = 4.5, ["tags"] = Array.Empty<string>(), ["source"] = "web" },
        },
        new Row { ["id"] = 3L, ["messages"] = null, ["meta"] = null },
    ];

    [Fact]
    public async Task Nested_rows_round_trip_with_an_inferred_schema()
    {
        var path = _folder.File("nested.parquet");
        await DatasetFiles.WriteAsync(path, Rows());

        var back = await DatasetFiles.ReadAsync(path).ToListAsync();
        Assert.Equal(3, back.Count);
        var messages = Assert.IsAssignableFrom<System.Collections.IEnumerable>(back[0]["messages"]).Cast<IReadOnlyDictionary<string, object?>>().ToList();
        Assert.Equal(["user", "assistant"], messages.Select(m => (string?)m["role"]));
        Assert.Equal(["Hi", "Hello"], messages.Select(m => (string?)m["content"]));
        var meta = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(back[0]["meta"]);
        Assert.Equal(3.0, meta["score"]);
        Assert.Null(meta["source"]);
        var second = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(back[1]["meta"]);
        Assert.Equal(4.5, second["score"]);
        Assert.Equal("web", second["source"]);
        Assert.Null(back[2]["messages"]);
        Assert.Null(back[2]["meta"]);

        var schema = string.Join("; ", DuckDb.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{path}'))").Select(r => $"{r[0]} {r[1]}"));
        Assert.Equal("id BIGINT; messages STRUCT(\"role\" VARCHAR, \"content\" VARCHAR)[]; meta STRUCT(score DOUBLE, tags VARCHAR[], \"source\" VARCHAR)", schema);
    }

    [Fact]
    public async Task A_later_row_that_does_not_fit_the_inferred_type_names_row_and_column()
    {
        var path = _folder.File("conflict.parquet");
        var rows = new[]
        {
            new Row { ["messages"] = new object[] { Message("user", "Hi") } },
            new Row { ["messages"] = new object[] { new Dictionary<string, object?> { ["role"] = "user", ["turn"] = 2L } } },
        };

        // In one row group the struct simply gains the member; after the schema is fixed, it cannot.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DatasetFiles.WriteAsync(path, rows, new DatasetWriteOptions { RowGroupSize = 1 }));
        Assert.Contains("Row 2, column 'messages'", error.Message);
        Assert.Contains("struct<role: string, content: string>", error.Message);

        var mixed = new[] { new Row { ["x"] = new Dictionary<string, object?> { ["a"] = "text" } }, new Row { ["x"] = new Dictionary<string, object?> { ["a"] = new[] { "list" } } } };
        var conflict = await Assert.ThrowsAsync<ArgumentException>(() => DatasetFiles.WriteAsync(_folder.File("mixed.parquet"), mixed));
        Assert.Contains("Row 2, column 'x'", conflict.Message);
        Assert.Contains("'x.a'", conflict.Message);
        Assert.False(File.Exists(_folder.File("mixed.parquet")), "a failed write leaves no file");
    }
}

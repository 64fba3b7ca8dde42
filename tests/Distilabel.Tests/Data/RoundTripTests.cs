using Distilabel.Data;

namespace Distilabel.Tests.Data;

public class RoundTripTests
{
    private const string Tricky = "héllo 世界 🎉 \"quoted\", comma; back\\slash\ttab\r\nCRLF line\nLF line";

    private static Row[] TypedRows() =>
    [
        new Row
        {
            ["prompt"] = Tricky,
            ["count"] = 42L,
            ["score"] = 0.125,
            ["ok"] = true,
            ["missing"] = null,
            ["generations"] = new[] { "first", "second, with \"quotes\"\nand a newline", "" },
        },
        new Row
        {
            ["prompt"] = "",
            ["count"] = -7L,
            ["score"] = -1e300,
            ["ok"] = false,
            ["missing"] = null,
            ["generations"] = Array.Empty<string>(),
        },
        new Row
        {
            ["prompt"] = null,
            ["count"] = null,
            ["score"] = null,
            ["ok"] = null,
            ["missing"] = null,
            ["generations"] = null,
        },
    ];

    [Theory]
    [InlineData("rows.jsonl")]
    [InlineData("rows.parquet")]
    public async Task Typed_formats_keep_types_nulls_unicode_and_lists(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        var rows = TypedRows();

        Assert.Equal(3, await DatasetFiles.WriteAsync(path, rows));
        var back = await DatasetFiles.ReadAsync(path).ToListAsync();

        RowAssert.Equal(rows, back);
        Assert.Equal([name], dir.FileNames());
    }

    [Fact]
    public async Task Int_values_are_written_and_read_back_as_long()
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "a.jsonl", "a.parquet" })
        {
            await DatasetFiles.WriteAsync(dir.File(name), new[] { new Row { ["rating"] = 3 } });
            var row = Assert.Single(await DatasetFiles.ReadAsync(dir.File(name)).ToListAsync());
            Assert.Equal(3L, row["rating"]);
        }
    }

    [Fact]
    public async Task Csv_keeps_text_quotes_newlines_and_tells_null_from_empty()
    {
        using var dir = new TempDirectory();
        var path = dir.File("rows.csv");
        Row[] rows =
        [
            new Row { ["a"] = Tricky, ["b"] = "", ["c"] = null, ["d"] = "  padded  " },
            new Row { ["a"] = "plain", ["b"] = "x,y", ["c"] = "\"", ["d"] = "end\r" },
        ];

        await DatasetFiles.WriteAsync(path, rows);
        var back = await DatasetFiles.ReadAsync(path).ToListAsync();

        RowAssert.Equal(rows, back);
        var asEmpty = await DatasetFiles.ReadAsync(path, new DatasetReadOptions { CsvEmptyAsNull = false }).ToListAsync();
        Assert.Equal("", asEmpty[0]["c"]);
    }

    [Fact]
    public async Task Csv_writes_numbers_booleans_and_lists_as_invariant_text()
    {
        using var dir = new TempDirectory();
        var path = dir.File("typed.csv");
        await DatasetFiles.WriteAsync(path, TypedRows().Take(1));

        var text = await File.ReadAllTextAsync(path);
        Assert.StartsWith("prompt,count,score,ok,missing,generations\r\n", text, StringComparison.Ordinal);
        var row = Assert.Single(await DatasetFiles.ReadAsync(path).ToListAsync());
        Assert.Equal("42", row["count"]);
        Assert.Equal("0.125", row["score"]);
        Assert.Equal("true", row["ok"]);
        Assert.Null(row["missing"]);
        Assert.Equal("[\"first\",\"second, with \\\"quotes\\\"\\nand a newline\",\"\"]", row["generations"]);
    }

    [Fact]
    public async Task Tsv_uses_tabs()
    {
        using var dir = new TempDirectory();
        var path = dir.File("rows.tsv");
        await DatasetFiles.WriteAsync(path, new[] { new Row { ["a"] = "1,2", ["b"] = "x\ty" } });

        Assert.Equal("a\tb\r\n1,2\t\"x\ty\"\r\n", await File.ReadAllTextAsync(path));
        RowAssert.Equal(new Row { ["a"] = "1,2", ["b"] = "x\ty" }, Assert.Single(await DatasetFiles.ReadAsync(path).ToListAsync()));
    }

    [Fact]
    public async Task Csv_reader_accepts_rfc4180_details()
    {
        using var dir = new TempDirectory();
        var path = dir.File("in.csv");
        // BOM, CRLF and LF mixed, quoted header, escaped quotes, a field spanning lines, a blank line, no final newline.
        await File.WriteAllBytesAsync(path, [.. "\uFEFF"u8, .. "\"id\",text,n\r\n1,\"say \"\"hi\"\"\",\r\n\n2,\"two\r\nlines\",3\n3,,\"\""u8]);

        var rows = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(3, rows.Count);
        RowAssert.Equal(new Row { ["id"] = "1", ["text"] = "say \"hi\"", ["n"] = null }, rows[0]);
        RowAssert.Equal(new Row { ["id"] = "2", ["text"] = "two\r\nlines", ["n"] = "3" }, rows[1]);
        RowAssert.Equal(new Row { ["id"] = "3", ["text"] = null, ["n"] = "" }, rows[2]);
    }

    [Fact]
    public async Task Jsonl_keeps_nested_values_as_json_text_and_skips_blank_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.File("in.jsonl");
        await File.WriteAllTextAsync(path, "{\"a\": {\"x\": [1, 2]}, \"b\": [1, \"two\"], \"c\": 1.5e3, \"d\": 12345678901234}\r\n\n   \n{\"a\": null}");

        var rows = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(2, rows.Count);
        Assert.Equal("{\"x\": [1, 2]}", rows[0]["a"]);
        Assert.Equal("[1, \"two\"]", rows[0]["b"]);
        Assert.Equal(1500.0, rows[0]["c"]);
        Assert.Equal(12345678901234L, rows[0]["d"]);
        Assert.Null(rows[1]["a"]);
    }

    [Fact]
    public async Task Json_file_holding_an_array_is_read()
    {
        using var dir = new TempDirectory();
        var path = dir.File("in.json");
        await File.WriteAllTextAsync(path, " [ {\"prompt\": \"p1\", \"n\": 1},\n {\"prompt\": \"p2\", \"n\": 2} ]");

        var rows = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(["p1", "p2"], rows.Select(r => (string)r["prompt"]!));
        Assert.Equal([1L, 2L], rows.Select(r => (long)r["n"]!));
    }

    [Fact]
    public async Task Parquet_row_groups_and_type_inference()
    {
        using var dir = new TempDirectory();
        var path = dir.File("groups.parquet");
        var rows = Enumerable.Range(0, 25).Select(i => new Row
        {
            ["id"] = (long)i,
            ["value"] = i % 2 == 0 ? i : i + 0.5, // ints and doubles mixed → Double
            ["late"] = i < 5 ? null : $"text {i}", // null first → still String
        }).ToArray();

        await using (var writer = ParquetRowWriter.Create(path, new DatasetWriteOptions { RowGroupSize = 10 }))
        {
            foreach (var row in rows)
                await writer.WriteAsync(row);
            await writer.CompleteAsync();
            Assert.Equal(
                [DatasetColumn.Int64("id"), DatasetColumn.Double("value"), DatasetColumn.String("late")],
                writer.Schema!);
        }

        await using (var reader = await Parquet.ParquetReader.CreateAsync(path))
            Assert.Equal(3, reader.RowGroupCount);

        var back = await ParquetRowReader.ReadAsync(path).ToListAsync();
        Assert.Equal(25, back.Count);
        Assert.Equal(3.5, back[3]["value"]);
        Assert.Equal(4.0, back[4]["value"]);
        Assert.Null(back[4]["late"]);
        Assert.Equal("text 24", back[24]["late"]);
        Assert.Equal(25L, await ParquetRowReader.CountRowsAsync(path));
    }

    [Fact]
    public async Task Parquet_explicit_schema_with_int32_and_column_projection()
    {
        using var dir = new TempDirectory();
        var path = dir.File("schema.parquet");
        var options = new DatasetWriteOptions
        {
            Schema = [DatasetColumn.String("prompt"), DatasetColumn.Int32("helpfulness"), DatasetColumn.StringList("generations")],
        };
        await DatasetFiles.WriteAsync(path, new[]
        {
            new Row { ["prompt"] = "p", ["helpfulness"] = 4L },
            new Row { ["generations"] = new List<string> { "g" }, ["prompt"] = "q", ["helpfulness"] = 2.0 },
        }, options);

        await using (var reader = await Parquet.ParquetReader.CreateAsync(path))
            Assert.Equal(typeof(int), reader.Schema.GetDataFields()[1].ClrType);

        var rows = await DatasetFiles.ReadAsync(path, new DatasetReadOptions { Columns = ["helpfulness", "prompt"] }).ToListAsync();
        RowAssert.Equal(new Row { ["helpfulness"] = 4L, ["prompt"] = "p" }, rows[0]);
        RowAssert.Equal(new Row { ["helpfulness"] = 2L, ["prompt"] = "q" }, rows[1]);
    }

    [Fact]
    public async Task Parquet_with_zero_rows_is_a_valid_file()
    {
        using var dir = new TempDirectory();
        var explicitSchema = dir.File("empty-schema.parquet");
        var inferred = dir.File("empty.parquet");

        await DatasetFiles.WriteAsync(explicitSchema, Array.Empty<Row>(), new DatasetWriteOptions { Schema = [DatasetColumn.String("prompt")] });
        await DatasetFiles.WriteAsync(inferred, Array.Empty<Row>());

        Assert.Empty(await DatasetFiles.ReadAsync(explicitSchema).ToListAsync());
        Assert.Empty(await DatasetFiles.ReadAsync(inferred).ToListAsync());
    }

    [Fact]
    public async Task Writers_reject_unsupported_values_and_stay_usable()
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "v.jsonl", "v.csv", "v.parquet" })
        {
            await using var writer = DatasetFiles.CreateWriter(dir.File(name));
            await writer.WriteAsync(new Row { ["a"] = "ok" });
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(new Row { ["a"] = new object() }));
            Assert.Contains("column 'a'", error.Message, StringComparison.Ordinal);
            Assert.Contains("Row 2", error.Message, StringComparison.Ordinal);
            await writer.WriteAsync(new Row { ["a"] = "still fine" });
            await writer.CompleteAsync();
            Assert.Equal(["ok", "still fine"], (await DatasetFiles.ReadAsync(dir.File(name)).ToListAsync()).Select(r => (string)r["a"]!));
        }
    }

    [Fact]
    public async Task Parquet_rejects_a_value_of_another_type_naming_row_and_column()
    {
        using var dir = new TempDirectory();
        await using var writer = ParquetRowWriter.Create(dir.File("t.parquet"), new DatasetWriteOptions { RowGroupSize = 2 });
        await writer.WriteAsync(new Row { ["n"] = 1L });
        await writer.WriteAsync(new Row { ["n"] = 2L });
        var afterSchema = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(new Row { ["n"] = "three" }));
        Assert.Contains("Row 3, column 'n'", afterSchema.Message, StringComparison.Ordinal);
        var newColumn = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(new Row { ["extra"] = 1L }));
        Assert.Contains("'extra'", newColumn.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_extension_names_the_file_and_the_supported_ones()
    {
        var error = Assert.Throws<NotSupportedException>(() => DatasetFiles.ReadAsync("data/rows.xlsx"));
        Assert.Contains("data/rows.xlsx", error.Message, StringComparison.Ordinal);
        Assert.Contains(".jsonl", error.Message, StringComparison.Ordinal);
        Assert.Contains(".parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains(".csv", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => DatasetFiles.CreateWriter("out.txt"));
        await Task.CompletedTask;
    }
}

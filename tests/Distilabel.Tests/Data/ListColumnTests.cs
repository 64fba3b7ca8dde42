using Distilabel.Data;
using Microsoft.Data.Analysis;
using Parquet.Schema;
using Parquet.Serialization;

namespace Distilabel.Tests.Data;

/// <summary>List columns: lists of nullable integers (<see cref="DatasetColumnType.Int64List"/>) and lists of strings
/// with null elements, through every format.</summary>
public class ListColumnTests
{
    private static Row[] ListRows() =>
    [
        new Row
        {
            ["id"] = 1L,
            ["ratings"] = new List<long?> { 4, null, 2 },
            ["generations"] = new List<string?> { "first", null, "", "ünï \"quoted\"\nline" },
        },
        new Row
        {
            ["id"] = 2L,
            ["ratings"] = new[] { long.MaxValue, long.MinValue, 0L },
            ["generations"] = new[] { "only" },
        },
        new Row
        {
            ["id"] = 3L,
            ["ratings"] = null,
            ["generations"] = null,
        },
        new Row
        {
            ["id"] = 4L,
            ["ratings"] = new List<int?> { null, 3 },
            ["generations"] = new string?[] { null, null, "x" },
        },
        new Row
        {
            ["id"] = 5L,
            ["ratings"] = new[] { 1, 2, 3 }.Where(i => i > 1), // any sequence of ints
            ["generations"] = Array.Empty<string>(),
        },
    ];

    [Theory]
    [InlineData("lists.jsonl")]
    [InlineData("lists.parquet")]
    public async Task Integer_lists_and_string_lists_with_nulls_round_trip(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        var rows = ListRows();

        Assert.Equal(5, await DatasetFiles.WriteAsync(path, rows));
        var back = await DatasetFiles.ReadAsync(path).ToListAsync();

        RowAssert.Equal(rows, back);
        Assert.IsType<long?[]>(back[0]["ratings"]);
        Assert.Equal(new long?[] { 4, null, 2 }, (IReadOnlyList<long?>)back[0]["ratings"]!);
        Assert.Equal(new long?[] { null, 3 }, (IReadOnlyList<long?>)back[3]["ratings"]!);
        Assert.Equal(new long?[] { 2, 3 }, (IReadOnlyList<long?>)back[4]["ratings"]!);
        Assert.Equal(new[] { "first", null, "", "ünï \"quoted\"\nline" }, (IReadOnlyList<string?>)back[0]["generations"]!);
        Assert.Equal(new string?[] { null, null, "x" }, (IReadOnlyList<string?>)back[3]["generations"]!);
        Assert.Empty((IReadOnlyList<string>)back[4]["generations"]!);
        Assert.Null(back[2]["ratings"]);
        Assert.Null(back[2]["generations"]);
    }

    [Fact]
    public async Task Jsonl_writes_integer_lists_as_json_arrays()
    {
        using var dir = new TempDirectory();
        var path = dir.File("r.jsonl");
        await DatasetFiles.WriteAsync(path, new[] { new Row { ["r"] = new List<long?> { 4, null }, ["g"] = new List<string?> { "a", null } } });

        Assert.Equal("{\"r\":[4,null],\"g\":[\"a\",null]}\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Jsonl_reads_integer_arrays_as_lists_and_keeps_other_arrays_as_json_text()
    {
        using var dir = new TempDirectory();
        var path = dir.File("in.jsonl");
        await File.WriteAllTextAsync(
            path,
            """
            {"ints": [1, null, -3], "strings": ["a", null], "mixed": [1, "a"], "floats": [1.5, 2], "bools": [true], "big": [12345678901234567890], "nested": [[1]], "empty": [], "nulls": [null, null]}
            """);

        var row = Assert.Single(await DatasetFiles.ReadAsync(path).ToListAsync());

        Assert.Equal(new long?[] { 1, null, -3 }, Assert.IsType<long?[]>(row["ints"]));
        Assert.Equal(new[] { "a", null }, Assert.IsType<string?[]>(row["strings"]));
        Assert.Equal("[1, \"a\"]", row["mixed"]);
        Assert.Equal("[1.5, 2]", row["floats"]);
        Assert.Equal("[true]", row["bools"]);
        Assert.Equal("[12345678901234567890]", row["big"]);
        Assert.Equal("[[1]]", row["nested"]);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<string>>(row["empty"]));
        Assert.Equal(new string?[] { null, null }, Assert.IsAssignableFrom<IReadOnlyList<string?>>(row["nulls"]));
    }

    [Fact]
    public async Task Parquet_infers_int64_list_in_the_layout_pyarrow_writes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("r.parquet");

        await using (var writer = ParquetRowWriter.Create(path))
        {
            foreach (var row in ListRows())
                await writer.WriteAsync(row);
            await writer.CompleteAsync();
            Assert.Equal([DatasetColumn.Int64("id"), DatasetColumn.Int64List("ratings"), DatasetColumn.StringList("generations")], writer.Schema!);
        }

        await using (var reader = await Parquet.ParquetReader.CreateAsync(path))
        {
            // optional group ratings (LIST) { repeated group list { optional int64 element; } }
            var list = Assert.IsType<ListField>(reader.Schema.Fields[1]);
            Assert.Equal("ratings", list.Name);
            Assert.True(list.IsNullable);
            var item = Assert.IsType<DataField>(list.Item);
            Assert.Equal("element", item.Name);
            Assert.Equal(typeof(long), item.ClrType);
            Assert.True(item.IsNullable);
            Assert.Equal(3, item.MaxDefinitionLevel);
            Assert.Equal(1, item.MaxRepetitionLevel);
            Assert.Equal(["ratings", "list", "element"], item.Path.ToList());
        }

        // Parquet.Net's own serializer writes List<long?> with the same levels and values.
        var reference = dir.File("reference.parquet");
        await ParquetSerializer.SerializeAsync(
            ListRows().Select(r => new RatingsRow { Ratings = r["ratings"] is { } v ? ((IEnumerable<long?>)RowValues.Normalize(v, "ratings", 0)!).ToList() : null }),
            reference);
        Assert.Equal(await RawLevels(reference, 0), await RawLevels(path, 1));
    }

    /// <summary>Definition levels, repetition levels and values of a list&lt;int64&gt; column, as text.</summary>
    private static async Task<string> RawLevels(string path, int column)
    {
        await using var reader = await Parquet.ParquetReader.CreateAsync(path);
        var field = reader.Schema.GetDataFields()[column];
        using var data = await reader.OpenRowGroupReader(0).ReadRawColumnDataBaseAsync(field);
        var raw = Assert.IsType<Parquet.Data.RawColumnData<long>>(data);
        var present = raw.DefinitionLevels.ToArray().Count(d => d == field.MaxDefinitionLevel);
        return $"{field.Path} def [{string.Join(",", raw.DefinitionLevels.ToArray())}] rep [{string.Join(",", raw.RepetitionLevels.ToArray())}] "
            + $"values [{string.Join(",", raw.Values[..present].ToArray())}]";
    }

    [Fact]
    public async Task Parquet_reads_int32_and_int64_list_columns_as_lists_of_nullable_longs()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ints.parquet");
        await ParquetSerializer.SerializeAsync(
            new[]
            {
                new IntListsRow { Small = [1, null, 3], Large = [long.MaxValue] },
                new IntListsRow { Small = null, Large = [] },
                new IntListsRow { Small = [], Large = [null] },
            },
            path);

        var rows = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(new long?[] { 1, null, 3 }, Assert.IsType<long?[]>(rows[0]["Small"]));
        Assert.Equal(new long?[] { long.MaxValue }, Assert.IsType<long?[]>(rows[0]["Large"]));
        Assert.Null(rows[1]["Small"]);
        Assert.Empty(Assert.IsType<long?[]>(rows[1]["Large"]));
        Assert.Empty(Assert.IsType<long?[]>(rows[2]["Small"]));
        Assert.Equal(new long?[] { null }, Assert.IsType<long?[]>(rows[2]["Large"]));
    }

    [Fact]
    public async Task Parquet_lists_of_floats_read_as_lists()
    {
        using var dir = new TempDirectory();
        var path = dir.File("floats.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new FloatListRow { Scores = [0.5, null] } }, path);

        var row = Assert.Single(await DatasetFiles.ReadAsync(path).ToListAsync());

        Assert.Equal(new object?[] { 0.5, null }, row["Scores"]);
    }

    [Fact]
    public async Task Parquet_explicit_int64_list_schema_accepts_int_sequences()
    {
        using var dir = new TempDirectory();
        var path = dir.File("explicit.parquet");
        var options = new DatasetWriteOptions { Schema = [DatasetColumn.Int64List("r"), DatasetColumn.StringList("g")] };

        await DatasetFiles.WriteAsync(path, new[]
        {
            new Row { ["r"] = new[] { 1, 2 }, ["g"] = new[] { "a" } },
            new Row { ["r"] = Array.Empty<string>(), ["g"] = new List<long?> { null } }, // empty / all-null lists fit either type
            new Row { ["r"] = null },
        }, options);
        var back = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(new long?[] { 1, 2 }, Assert.IsType<long?[]>(back[0]["r"]));
        Assert.Empty(Assert.IsType<long?[]>(back[1]["r"]));
        Assert.Equal(new string?[] { null }, Assert.IsType<string?[]>(back[1]["g"]));
        Assert.Null(back[2]["r"]);
        Assert.Null(back[2]["g"]);
    }

    [Fact]
    public async Task Empty_and_all_null_lists_fit_the_list_type_decided_later()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tentative.parquet");
        Row[] rows =
        [
            new Row { ["r"] = Array.Empty<string>(), ["only_nulls"] = new List<long?> { null } },
            new Row { ["r"] = new string?[] { null, null }, ["only_nulls"] = null },
            new Row { ["r"] = new List<long?> { 3, 4 }, ["only_nulls"] = new string?[] { null } },
            new Row { ["r"] = new List<long?>(), ["only_nulls"] = Array.Empty<string>() },
        ];

        await using (var writer = ParquetRowWriter.Create(path))
        {
            foreach (var row in rows)
                await writer.WriteAsync(row);
            await writer.CompleteAsync();
            Assert.Equal([DatasetColumn.Int64List("r"), DatasetColumn.Int64List("only_nulls")], writer.Schema!);
        }

        var back = await DatasetFiles.ReadAsync(path).ToListAsync();
        Assert.Equal(
            [[], [null, null], [3, 4], []],
            back.Select(r => Assert.IsType<long?[]>(r["r"])).ToArray());
        Assert.Equal(new long?[] { null }, Assert.IsType<long?[]>(back[2]["only_nulls"]));
    }

    [Fact]
    public async Task Jsonl_output_of_the_pipeline_converts_to_parquet_even_with_empty_rating_lists()
    {
        using var dir = new TempDirectory();
        var jsonl = dir.File("labelled.jsonl");
        var parquet = dir.File("labelled.parquet");
        await DatasetFiles.WriteAsync(jsonl, new[]
        {
            new Row { ["correctness"] = new List<long?>(), ["generations"] = new List<string?>() }, // bad input row: empty lists
            new Row { ["correctness"] = new List<long?> { null, null }, ["generations"] = new List<string?> { null, null } },
            new Row { ["correctness"] = new List<long?> { 4, null }, ["generations"] = new List<string?> { "a", null } },
        });

        await DatasetFiles.WriteAsync(parquet, DatasetFiles.ReadAsync(jsonl));
        var back = await DatasetFiles.ReadAsync(parquet).ToListAsync();

        Assert.Equal([[], [null, null], [4, null]], back.Select(r => Assert.IsType<long?[]>(r["correctness"])).ToArray());
        Assert.Equal([[], [null, null], ["a", null]], back.Select(r => Assert.IsType<string?[]>(r["generations"])).ToArray());
    }

    [Fact]
    public async Task Mixing_list_types_in_a_column_is_an_error_naming_row_and_column()
    {
        using var dir = new TempDirectory();

        // While the schema is inferred.
        await using (var writer = ParquetRowWriter.Create(dir.File("mixed.parquet")))
        {
            await writer.WriteAsync(new Row { ["id"] = 1L, ["ratings"] = new List<long?> { 4, null } });
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(new Row { ["id"] = 2L, ["ratings"] = new[] { "four" } }));
            Assert.Contains("Row 2, column 'ratings'", error.Message, StringComparison.Ordinal);
            Assert.Contains("[\"four\"] (a list of strings)", error.Message, StringComparison.Ordinal);
            Assert.Contains("Int64List", error.Message, StringComparison.Ordinal);

            // The writer stays usable and the rejected row left no trace.
            await writer.WriteAsync(new Row { ["id"] = 3L, ["ratings"] = new[] { 1 } });
            await writer.CompleteAsync();
            Assert.Equal([DatasetColumn.Int64("id"), DatasetColumn.Int64List("ratings")], writer.Schema!);
        }

        // After the schema is fixed.
        await using (var writer = ParquetRowWriter.Create(dir.File("fixed.parquet"), new DatasetWriteOptions { RowGroupSize = 1 }))
        {
            await writer.WriteAsync(new Row { ["g"] = new[] { "a" } });
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(new Row { ["g"] = new List<long?> { 1 } }));
            Assert.Contains("Row 2, column 'g'", error.Message, StringComparison.Ordinal);
            Assert.Contains("[1] (a list of integers)", error.Message, StringComparison.Ordinal);
            Assert.Contains("StringList", error.Message, StringComparison.Ordinal);
        }

        // A list where a scalar was, and in a DataFrame.
        await using (var writer = ParquetRowWriter.Create(dir.File("scalar.parquet")))
        {
            await writer.WriteAsync(new Row { ["n"] = 1L });
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(new Row { ["n"] = new[] { 1L } }));
            Assert.Contains("Row 2, column 'n'", error.Message, StringComparison.Ordinal);
        }

        var frameError = Assert.Throws<ArgumentException>(() => new[]
        {
            new Row { ["r"] = new[] { "a" } },
            new Row { ["r"] = new List<int?> { 1 } },
        }.ToDataFrame());
        Assert.Contains("Row 2, column 'r'", frameError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_list_element_types_are_rejected_with_a_readable_type_name()
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "u.jsonl", "u.csv", "u.parquet" })
        {
            await using var writer = DatasetFiles.CreateWriter(dir.File(name));
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(new Row { ["scores"] = new List<object> { new Uri("http://127.0.0.1/") } }));
            Assert.Contains("Row 1, column 'scores'", error.Message, StringComparison.Ordinal);
            Assert.Contains("List<Object>", error.Message, StringComparison.Ordinal);
            Assert.Contains("a list, or a struct", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Csv_writes_lists_as_json_text_and_reads_text_back()
    {
        using var dir = new TempDirectory();
        var path = dir.File("lists.csv");

        await DatasetFiles.WriteAsync(path, ListRows().Take(1));

        Assert.Equal(
            "id,ratings,generations\r\n1,\"[4,null,2]\",\"[\"\"first\"\",null,\"\"\"\",\"\"ünï \\\"\"quoted\\\"\"\\nline\"\"]\"\r\n",
            await File.ReadAllTextAsync(path));
        var row = Assert.Single(await DatasetFiles.ReadAsync(path).ToListAsync());
        Assert.Equal("1", row["id"]);
        Assert.Equal("[4,null,2]", row["ratings"]);
        Assert.Equal("[\"first\",null,\"\",\"ünï \\\"quoted\\\"\\nline\"]", row["generations"]);
    }

    [Fact]
    public void DataFrame_holds_lists_as_json_text()
    {
        var frame = ListRows().ToDataFrame();

        Assert.IsType<StringDataFrameColumn>(frame.Columns["ratings"]);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["generations"]);
        var back = frame.ToRows().ToList();
        Assert.Equal("[4,null,2]", back[0]["ratings"]);
        Assert.Equal("[\"first\",null,\"\",\"ünï \\\"quoted\\\"\\nline\"]", back[0]["generations"]);
        Assert.Null(back[2]["ratings"]);
        Assert.Equal("[null,3]", back[3]["ratings"]);
        Assert.Equal("[]", back[4]["generations"]);
    }

    [Fact]
    public void Integer_sequences_normalise_to_lists_of_nullable_longs()
    {
        object[] inputs =
        [
            new[] { 1, 2 },
            new List<int?> { 1, 2 },
            new[] { 1L, 2L },
            new long?[] { 1, 2 },
            new[] { 1L, 2L }.Select(v => (long?)v),
            new HashSet<int> { 1, 2 },
        ];

        foreach (var input in inputs)
        {
            Assert.True(RowValues.TryNormalize(input, out var normalized));
            var list = Assert.IsAssignableFrom<IReadOnlyList<long?>>(normalized);
            Assert.Equal(new long?[] { 1, 2 }, list);
            Assert.Equal(DatasetColumnType.Int64List, RowValues.TypeOf(normalized!));
        }

        Assert.True(RowValues.TryNormalize(new List<string?> { "a", null }, out var strings));
        Assert.Equal(DatasetColumnType.StringList, RowValues.TypeOf(strings!));
        Assert.True(RowValues.TryNormalize(new List<double> { 1.0 }, out var doubles)); // any other list is a nested value
        Assert.Equal(new object?[] { 1.0 }, doubles);
        Assert.Equal(DatasetColumnType.Nested, RowValues.TypeOf(doubles!));
        Assert.False(RowValues.TryNormalize(new List<object> { new Uri("http://127.0.0.1/") }, out _));
        Assert.Equal("[4,null] (a list of integers)", RowValues.Describe(new List<int?> { 4, null }));
    }

    private sealed class RatingsRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("ratings")]
        public List<long?>? Ratings { get; set; }
    }

    private sealed class IntListsRow
    {
        public List<int?>? Small { get; set; }

        public List<long?>? Large { get; set; }
    }

    private sealed class FloatListRow
    {
        public List<double?>? Scores { get; set; }
    }
}

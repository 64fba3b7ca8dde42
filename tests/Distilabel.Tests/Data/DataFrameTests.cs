using Distilabel.Data;
using Microsoft.Data.Analysis;

namespace Distilabel.Tests.Data;

public class DataFrameTests
{
    [Fact]
    public async Task Rows_to_dataframe_and_back()
    {
        Row[] rows =
        [
            new Row { ["prompt"] = "p1", ["id"] = 1L, ["rating"] = 3, ["score"] = 0.5, ["ok"] = true, ["gens"] = new[] { "a", "b" } },
            new Row { ["prompt"] = null, ["id"] = 2L, ["rating"] = null, ["score"] = 2L, ["ok"] = null, ["gens"] = null },
            new Row { ["prompt"] = "p3 ünïcode", ["id"] = null, ["rating"] = 4, ["score"] = null, ["ok"] = false },
        ];

        var frame = await rows.ToAsyncEnumerable().ToDataFrameAsync();

        Assert.Equal(3, frame.Rows.Count);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["prompt"]);
        Assert.IsType<Int64DataFrameColumn>(frame.Columns["id"]);
        Assert.IsType<Int32DataFrameColumn>(frame.Columns["rating"]);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["score"]);
        Assert.IsType<BooleanDataFrameColumn>(frame.Columns["ok"]);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["gens"]);
        Assert.Equal(1, frame.Columns["rating"].NullCount);

        var back = frame.ToRows().ToList();
        RowAssert.Equal(new Row { ["prompt"] = "p1", ["id"] = 1L, ["rating"] = 3L, ["score"] = 0.5, ["ok"] = true, ["gens"] = "[\"a\",\"b\"]" }, back[0]);
        RowAssert.Equal(new Row { ["prompt"] = null, ["id"] = 2L, ["rating"] = null, ["score"] = 2.0, ["ok"] = null, ["gens"] = null }, back[1]);
        RowAssert.Equal(new Row { ["prompt"] = "p3 ünïcode", ["id"] = null, ["rating"] = 4L, ["score"] = null, ["ok"] = false, ["gens"] = null }, back[2]);
    }

    [Fact]
    public async Task Dataframe_rows_feed_a_writer()
    {
        using var dir = new TempDirectory();
        var frame = new DataFrame(
            new StringDataFrameColumn("prompt", ["a", "b"]),
            new Int32DataFrameColumn("helpfulness", new int?[] { 4, null }));

        await frame.ToAsyncRows().WriteToFileAsync(dir.File("f.parquet"));
        var back = await (await DatasetFiles.ReadAsync(dir.File("f.parquet")).ToDataFrameAsync()).ToAsyncRows().ToListAsync();

        RowAssert.Equal(new Row { ["prompt"] = "a", ["helpfulness"] = 4L }, back[0]);
        RowAssert.Equal(new Row { ["prompt"] = "b", ["helpfulness"] = null }, back[1]);
    }

    [Fact]
    public void Mixed_types_in_a_column_name_row_and_column()
    {
        var error = Assert.Throws<ArgumentException>(() => new[] { new Row { ["x"] = 1L }, new Row { ["x"] = "one" } }.ToDataFrame());

        Assert.Contains("Row 2, column 'x'", error.Message, StringComparison.Ordinal);
    }
}

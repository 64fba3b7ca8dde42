using System.Text;
using Distilabel.Data;

namespace Distilabel.Tests.Data;

public class BadInputTests
{
    [Theory]
    [InlineData("nope.jsonl")]
    [InlineData("nope.csv")]
    [InlineData("nope.parquet")]
    public void Missing_file_fails_at_once_naming_it(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetFiles.ReadAsync(path));

        Assert.Equal(path, error.File);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Fact]
    public async Task Jsonl_invalid_utf8_reports_line_and_byte_offset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.jsonl");
        // Line 1 is 13 bytes + \n; on line 2 the invalid byte 0xFF follows `{"a": "ok` (9 bytes).
        await File.WriteAllBytesAsync(path, [.. "{\"a\": \"fine\"}\n{\"a\": \"ok"u8, 0xFF, .. "\"}\n"u8]);

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(path).ToListAsync().AsTask());

        Assert.Equal(2, error.Line);
        Assert.Equal(14 + 9, error.ByteOffset);
        Assert.Equal($"{path}, line 2, row 2, byte offset 23: invalid UTF-8 (byte 0xFF)", error.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a JSON object but found an array")]
    [InlineData("42", "expected a JSON object but found a number")]
    [InlineData("\"text\"", "expected a JSON object but found a string")]
    [InlineData("{\"a\": 1", "invalid JSON")]
    [InlineData("{\"a\": 1} {\"b\": 2}", "invalid JSON")]
    [InlineData("not json", "invalid JSON")]
    public async Task Jsonl_line_that_is_not_an_object_reports_its_line(string badLine, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.jsonl");
        await File.WriteAllTextAsync(path, "{\"a\": 1}\n\n{\"a\": 2}\n" + badLine + "\n{\"a\": 3}\n");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(path).ToListAsync().AsTask());

        Assert.Equal(path, error.File);
        Assert.Equal(4, error.Line);
        Assert.StartsWith($"{path}, line 4", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jsonl_skip_bad_rows_continues_and_reports_each_line()
    {
        using var dir = new TempDirectory();
        var path = dir.File("mixed.jsonl");
        await File.WriteAllBytesAsync(path, [.. "{\"a\": 1}\n[]\n{\"a\": 2}\n{broken\n{\"a\": \""u8, 0xC3, .. "\"}\n{\"a\": 3}"u8]);
        var skipped = new List<DatasetFormatException>();

        var rows = await DatasetFiles.ReadAsync(path, new DatasetReadOptions { SkipBadRows = true, OnBadRow = skipped.Add }).ToListAsync();

        Assert.Equal([1L, 2L, 3L], rows.Select(r => (long)r["a"]!));
        Assert.Equal([2L, 4L, 5L], skipped.Select(e => e.Line!.Value));
        Assert.All(skipped, e => Assert.Equal(path, e.File));
    }

    [Fact]
    public async Task Csv_wrong_field_count_reports_the_line_not_the_row()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.csv");
        // The quoted field on record 1 spans two lines, so record 3 starts on line 5.
        await File.WriteAllTextAsync(path, "a,b\n1,\"two\nlines\"\n2,x\n3,y,extra\n4,z\n");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(path).ToListAsync().AsTask());

        Assert.Equal(5, error.Line);
        Assert.Equal(3, error.Row);
        Assert.Equal($"{path}, line 5, row 3: expected 2 fields (as in the header) but found 3", error.Message);

        var skipped = new List<DatasetFormatException>();
        var rows = await DatasetFiles.ReadAsync(path, new DatasetReadOptions { SkipBadRows = true, OnBadRow = skipped.Add }).ToListAsync();
        Assert.Equal(["1", "2", "4"], rows.Select(r => (string)r["a"]!));
        Assert.Equal(5, Assert.Single(skipped).Line);
    }

    [Fact]
    public async Task Csv_unclosed_quote_and_stray_quote_report_lines()
    {
        using var dir = new TempDirectory();
        var unclosed = dir.File("unclosed.csv");
        await File.WriteAllTextAsync(unclosed, "a,b\n1,2\n3,\"never closed\n4,5\n");
        var stray = dir.File("stray.csv");
        await File.WriteAllTextAsync(stray, "a,b\n1,\"x\"y\n");

        var e1 = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(unclosed).ToListAsync().AsTask());
        var e2 = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(stray).ToListAsync().AsTask());

        Assert.Equal(3, e1.Line);
        Assert.Contains("never closed", e1.Message, StringComparison.Ordinal);
        Assert.Contains(unclosed, e1.Message, StringComparison.Ordinal);
        Assert.Equal(2, e2.Line);
        Assert.Contains("after the closing quote", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_invalid_utf8_reports_line_column_and_offset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.csv");
        await File.WriteAllBytesAsync(path, [.. "a,b\n1,\"x\ny"u8, 0xFE, .. "\"\n"u8]);

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(path).ToListAsync().AsTask());

        Assert.Equal(3, error.Line);
        Assert.Equal("b", error.Column);
        Assert.Equal(10, error.ByteOffset);
        Assert.Contains("invalid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("column 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_a_parquet_file_names_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("fake.parquet");
        await File.WriteAllTextAsync(path, "{\"this\": \"is json\"}");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(path).ToListAsync().AsTask());

        Assert.Equal(path, error.File);
        Assert.Contains("not a valid Parquet file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_or_corrupt_parquet_names_the_file()
    {
        using var dir = new TempDirectory();
        var good = dir.File("good.parquet");
        await DatasetFiles.WriteAsync(good, Enumerable.Range(0, 1000).Select(i => new Row { ["text"] = $"row {i} " + new string('x', i % 50), ["n"] = (long)i }));
        var bytes = await File.ReadAllBytesAsync(good);

        var truncated = dir.File("truncated.parquet");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var e1 = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(truncated).ToListAsync().AsTask());
        Assert.StartsWith(truncated, e1.Message, StringComparison.Ordinal);

        // Data pages overwritten with garbage, footer intact.
        var corrupt = dir.File("corrupt.parquet");
        var damaged = (byte[])bytes.Clone();
        for (var i = 4; i < damaged.Length / 2; i++)
            damaged[i] = 0xAB;
        await File.WriteAllBytesAsync(corrupt, damaged);
        var e2 = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetFiles.ReadAsync(corrupt).ToListAsync().AsTask());
        Assert.StartsWith(corrupt, e2.Message, StringComparison.Ordinal);
        Assert.NotNull(e2.Column);
    }

    [Fact]
    public async Task Missing_projected_column_lists_the_available_ones()
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "p.parquet", "p.jsonl", "p.csv" })
        {
            var path = dir.File(name);
            await DatasetFiles.WriteAsync(path, new[] { new Row { ["prompt"] = "p", ["response"] = "r" } });

            var error = await Assert.ThrowsAsync<DatasetFormatException>(
                () => DatasetFiles.ReadAsync(path, new DatasetReadOptions { Columns = ["prompt", "respnse"] }).ToListAsync().AsTask());

            Assert.Equal("respnse", error.Column);
            Assert.Contains("prompt, response", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("huge.jsonl")]
    [InlineData("huge.csv")]
    [InlineData("huge.parquet")]
    public async Task Ten_megabyte_cell_round_trips(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        var huge = new StringBuilder(10 * 1024 * 1024 + 100);
        for (var i = 0; huge.Length < 10 * 1024 * 1024; i++)
            huge.Append(i % 97 == 0 ? "\"quote\", comma\nline é\n" : "lorem ipsum ");
        var text = huge.ToString();
        Row[] rows = [new Row { ["id"] = "1", ["text"] = text }, new Row { ["id"] = "2", ["text"] = "small" }];

        await DatasetFiles.WriteAsync(path, rows);
        var back = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(2, back.Count);
        Assert.Equal(text.Length, ((string)back[0]["text"]!).Length);
        Assert.Equal(text, back[0]["text"]);
        Assert.Equal("small", back[1]["text"]);
    }
}

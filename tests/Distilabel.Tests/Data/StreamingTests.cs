using Distilabel.Data;

namespace Distilabel.Tests.Data;

/// <summary>Readers yield the first row after reading a small part of the file; writers flush as they go.</summary>
public class StreamingTests
{
    private const int RowCount = 200_000;

    private static async IAsyncEnumerable<Row> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new Row { ["id"] = (long)i, ["prompt"] = $"Question number {i}?", ["response"] = $"Answer {i}, with some text." };
            if (i % 10_000 == 0)
                await Task.Yield();
        }
    }

    [Theory]
    [InlineData("big.jsonl")]
    [InlineData("big.csv")]
    [InlineData("big.parquet")]
    public async Task Reader_yields_the_first_row_before_reading_the_whole_file(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        Assert.Equal(RowCount, await DatasetFiles.WriteAsync(path, Generate(RowCount)));
        var length = new FileInfo(path).Length;

        await using var stream = new CountingStream(File.OpenRead(path));
        var rows = DatasetFiles.DetectFormat(path) switch
        {
            DatasetFormat.JsonLines => JsonLinesReader.ReadAsync(stream, name),
            DatasetFormat.Csv => CsvReader.ReadAsync(stream, name),
            _ => ParquetRowReader.ReadAsync(stream, name),
        };

        await using var enumerator = rows.GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("Question number 0?", enumerator.Current["prompt"]);
        var readForFirstRow = stream.BytesRead;
        Assert.True(readForFirstRow < length / 10, $"read {readForFirstRow} of {length} bytes before the first row");

        long count = 1;
        var last = enumerator.Current;
        while (await enumerator.MoveNextAsync())
        {
            count++;
            last = enumerator.Current;
        }

        Assert.Equal(RowCount, count);
        Assert.Equal($"Answer {RowCount - 1}, with some text.", last["response"]);
    }

    [Fact]
    public async Task Parquet_writer_writes_row_groups_while_rows_arrive()
    {
        using var dir = new TempDirectory();
        var path = dir.File("incremental.parquet");
        await using var writer = ParquetRowWriter.Create(path, new DatasetWriteOptions { RowGroupSize = 1_000 });

        await foreach (var row in Generate(5_500))
            await writer.WriteAsync(row);

        var temp = Assert.Single(Directory.GetFiles(dir.Path));
        Assert.StartsWith(".incremental.parquet.tmp-", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.True(new FileInfo(temp).Length > 50_000, "five row groups should be on disk already");
        Assert.False(File.Exists(path));

        await writer.CompleteAsync();
        Assert.Equal(["incremental.parquet"], dir.FileNames());
        Assert.Equal(5_500, await ParquetRowReader.CountRowsAsync(path));
    }
}

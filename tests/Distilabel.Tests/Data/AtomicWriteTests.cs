using Distilabel.Data;

namespace Distilabel.Tests.Data;

public class AtomicWriteTests
{
    private static async IAsyncEnumerable<Row> RowsThenFailure()
    {
        for (var i = 0; i < 100; i++)
            yield return new Row { ["n"] = (long)i };
        await Task.Yield();
        throw new InvalidOperationException("the LLM went away");
    }

    [Theory]
    [InlineData("out.jsonl")]
    [InlineData("out.csv")]
    [InlineData("out.parquet")]
    public async Task Failure_leaves_no_target_and_no_temp(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);

        await Assert.ThrowsAsync<InvalidOperationException>(() => DatasetFiles.WriteAsync(path, RowsThenFailure()));

        Assert.Empty(dir.FileNames());
    }

    [Theory]
    [InlineData("out.jsonl")]
    [InlineData("out.csv")]
    [InlineData("out.parquet")]
    public async Task Failure_leaves_an_existing_target_untouched(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        await DatasetFiles.WriteAsync(path, new[] { new Row { ["n"] = "original" } });
        var before = await File.ReadAllBytesAsync(path);

        await Assert.ThrowsAsync<InvalidOperationException>(() => DatasetFiles.WriteAsync(path, RowsThenFailure()));

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal([name], dir.FileNames());
    }

    [Fact]
    public async Task Disposal_without_completion_discards_the_output()
    {
        using var dir = new TempDirectory();
        var path = dir.File("abandoned.jsonl");
        await using (var writer = DatasetFiles.CreateWriter(path))
        {
            await writer.WriteAsync(new Row { ["a"] = 1L });
            Assert.Single(dir.FileNames());
        }

        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public async Task Completion_replaces_the_target_and_the_writer_refuses_more_rows()
    {
        using var dir = new TempDirectory();
        var path = dir.File("out.jsonl");
        await File.WriteAllTextAsync(path, "old content\n");
        await using var writer = DatasetFiles.CreateWriter(path);
        await writer.WriteAsync(new Row { ["a"] = 1L });
        Assert.Equal("old content\n", await File.ReadAllTextAsync(path));

        await writer.CompleteAsync();

        Assert.Equal("{\"a\":1}\n", await File.ReadAllTextAsync(path));
        Assert.Equal(1, writer.RowsWritten);
        Assert.Equal(Path.GetFullPath(path), writer.Path);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync(new Row { ["a"] = 2L }));
    }

    [Fact]
    public async Task Concurrent_writes_are_serialised()
    {
        using var dir = new TempDirectory();
        var path = dir.File("concurrent.jsonl");
        await using var writer = DatasetFiles.CreateWriter(path);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
                await writer.WriteAsync(new Row { ["t"] = (long)t, ["i"] = (long)i });
        })));
        await writer.CompleteAsync();

        var rows = await DatasetFiles.ReadAsync(path).ToListAsync();
        Assert.Equal(4000, rows.Count);
        Assert.Equal(4000, rows.Select(r => (r["t"], r["i"])).Distinct().Count());
    }

    [Fact]
    public void Unwritable_path_fails_at_creation_naming_it()
    {
        using var dir = new TempDirectory();
        var blocker = dir.File("a-file");
        File.WriteAllText(blocker, "I am a file, not a folder");
        var path = Path.Combine(blocker, "out.parquet");

        var error = Assert.Throws<IOException>(() => DatasetFiles.CreateWriter(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Cannot write the output file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_not_a_writable_target()
    {
        using var dir = new TempDirectory();
        var path = dir.File("folder.jsonl");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<IOException>(() => DatasetFiles.CreateWriter(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_parent_folders_are_created()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "a", "b", "out.csv");

        await DatasetFiles.WriteAsync(path, new[] { new Row { ["x"] = "1" } });

        Assert.Equal("x\r\n1\r\n", await File.ReadAllTextAsync(path));
    }
}

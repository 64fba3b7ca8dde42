using Distilabel.Data;

namespace Distilabel.Tests.Data;

public class ColumnOperationTests
{
    private static readonly string[] Ratings = ["helpfulness", "correctness", "coherence", "complexity", "verbosity"];

    private static IAsyncEnumerable<Row> HelpSteerRows() => Enumerable.Range(1, 5).Select(i => new Row
    {
        ["prompt"] = $"p{i}",
        ["response"] = $"r{i}",
        ["helpfulness"] = 3L,
        ["correctness"] = 3L,
        ["coherence"] = 4L,
        ["complexity"] = 1L,
        ["verbosity"] = 2L,
    }).ToAsyncEnumerable();

    [Fact]
    public async Task Remove_the_five_human_rating_columns_in_one_line()
    {
        var rows = await HelpSteerRows().RemoveColumns(Ratings).ToListAsync();

        Assert.All(rows, r => Assert.Equal(["prompt", "response"], r.Columns));
    }

    [Fact]
    public async Task Select_keeps_the_given_order()
    {
        var row = await HelpSteerRows().SelectColumns("response", "prompt").FirstAsync();

        Assert.Equal(["response", "prompt"], row.Columns);
        Assert.Equal("r1", row["response"]);
    }

    [Fact]
    public async Task Select_of_a_missing_column_names_it_and_the_available_ones()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => HelpSteerRows().SelectColumns("prompt", "answer").ToListAsync().AsTask());

        Assert.Contains("'answer'", error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt, response, helpfulness, correctness, coherence, complexity, verbosity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_of_a_missing_column_fails_unless_told_to_ignore_it()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => HelpSteerRows().RemoveColumns("nope").ToListAsync().AsTask());

        var rows = await HelpSteerRows().RemoveColumns(["nope", "prompt"], ignoreMissing: true).ToListAsync();
        Assert.DoesNotContain("prompt", rows[0].Columns);
    }

    [Fact]
    public async Task Rename_keeps_the_position_and_checks_names()
    {
        var row = await HelpSteerRows().RenameColumn("prompt", "instruction").FirstAsync();
        Assert.Equal("instruction", row.Columns[0]);
        Assert.Equal("p1", row["instruction"]);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => HelpSteerRows().RenameColumn("nope", "x").ToListAsync().AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => HelpSteerRows().RenameColumn("prompt", "response").ToListAsync().AsTask());
    }

    [Fact]
    public async Task Take_skip_and_add_column_compose_lazily()
    {
        var rows = await HelpSteerRows().Skip(1).Take(2).AddColumn("length", r => (long)((string)r["prompt"]!).Length).ToListAsync();

        Assert.Equal(["p2", "p3"], rows.Select(r => (string)r["prompt"]!));
        Assert.Equal(2L, rows[0]["length"]);
    }

    [Fact]
    public async Task Operations_do_not_modify_their_input()
    {
        var source = new Row { ["a"] = 1L, ["b"] = 2L };

        var result = await new[] { source }.ToAsyncEnumerable().RemoveColumns("a").RenameColumn("b", "c").SingleAsync();

        Assert.Equal(["a", "b"], source.Columns);
        Assert.Equal(["c"], result.Columns);
    }

    [Fact]
    public void Row_reports_missing_columns_and_keeps_order()
    {
        var row = new Row { ["z"] = 1L, ["a"] = 2L };
        row["m"] = 3L;
        row["z"] = 4L;

        Assert.Equal(["z", "a", "m"], row.Columns);
        Assert.Equal(4L, row["z"]);
        var error = Assert.Throws<KeyNotFoundException>(() => row["q"]);
        Assert.Contains("'q'", error.Message, StringComparison.Ordinal);
        Assert.Contains("z, a, m", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => row.Add("a", 0L));
    }
}

using Distilabel.Data;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks;
using Distilabel.Testing.Llms;
using Distilabel.Tests.Journal;

namespace Distilabel.Tests.Data;

/// <summary>
/// The one value model for row cells (<see cref="Cell"/>): every kind is classified once and each consumer (JSONL,
/// CSV, Parquet, the journal codec, the row fingerprint) handles it the same way.
/// </summary>
[Collection(JournalCollection.Name)]
public class CellKindTests
{
    private static readonly DateTime When = new(2026, 12, 2, 1, 2, 3, DateTimeKind.Utc);

    /// <summary>A value of every kind the writers accept, by column name.</summary>
    private static Row EveryKind(int i) => new()
    {
        ["prompt"] = $"question {i}",
        ["response"] = $"answer {i}",
        ["null"] = null,
        ["text"] = $"héllo {i} 🎉",
        ["integer"] = i,
        ["float"] = 1.5f + i,
        ["boolean"] = i % 2 == 0,
        ["decimal"] = 2.5m + i,
        ["text_list"] = new List<string?> { "a", null, $"{i}" },
        ["integer_list"] = new List<int> { i, 2 },
        ["struct"] = new Dictionary<string, object?> { ["x"] = (long)i, ["y"] = "z" },
        ["list"] = new object?[] { 0.5, 1.5 + i },
        ["binary"] = new byte[] { 1, 2, (byte)i },
        ["formatted"] = When.AddDays(i),
    };

    public static TheoryData<object?, string> Samples() => new()
    {
        { null, "Null" },
        { DBNull.Value, "Null" },
        { "t", "Text" },
        { 'c', "Text" },
        { "m".AsMemory(), "Text" },
        { 3, "Integer" },
        { 3L, "Integer" },
        { (short)3, "Integer" },
        { (byte)3, "Integer" },
        { 3u, "Integer" },
        { 3ul, "Integer" },
        { ulong.MaxValue, "Float" },
        { 0.5, "Float" },
        { 0.5f, "Float" },
        { (Half)0.5, "Float" },
        { true, "Boolean" },
        { 2.5m, "Decimal" },
        { new[] { "a" }, "TextList" },
        { new List<string?> { null }, "TextList" },
        { new long?[] { 1, null }, "IntegerList" },
        { new List<int> { 1 }, "IntegerList" },
        { new List<int?> { null }, "IntegerList" },
        { new Row { ["x"] = 1L }, "Struct" },
        { new object?[] { 1.5 }, "List" },
        { new List<double> { 1.5 }, "List" },
        { new byte[] { 1 }, "Binary" },
        { When, "Formatted" },
        { new DateOnly(2026, 12, 2), "Formatted" },
        { TimeSpan.FromSeconds(3), "Formatted" },
        { Guid.Empty, "Formatted" },
        { DayOfWeek.Friday, "Formatted" },
        { new Uri("http://127.0.0.1/"), "Unsupported" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_value_has_one_kind(object? value, string kind) => Assert.Equal(Enum.Parse<CellKind>(kind), Cell.Of(value).Kind);

    [Theory]
    [InlineData(".jsonl")]
    [InlineData(".parquet")]
    [InlineData(".csv")]
    public async Task Every_kind_is_written_and_read_back_as_the_same_text(string extension)
    {
        using var folder = new TempDirectory();
        var path = folder.File("kinds" + extension);
        var rows = Enumerable.Range(0, 3).Select(EveryKind).ToList();
        await DatasetFiles.WriteAsync(path, rows);

        var back = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(rows.Count, back.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].Keys, back[i].Keys);
            foreach (var (column, value) in rows[i])
                Assert.Equal(RowValues.ToText(RowValues.Normalize(value, column, i + 1)), RowValues.ToText(back[i][column]));
        }
    }

    [Theory]
    [InlineData(".jsonl", "Text Integer Float Boolean TextList IntegerList")]
    [InlineData(".parquet", "Text Integer Float Boolean Decimal TextList IntegerList Struct List")]
    public async Task A_typed_format_keeps_each_kind_it_has(string extension, string keptKinds)
    {
        var kept = keptKinds.Split(' ').Select(Enum.Parse<CellKind>).ToList();
        using var folder = new TempDirectory();
        var path = folder.File("kinds" + extension);
        var row = EveryKind(1);
        await DatasetFiles.WriteAsync(path, [row]);

        var back = Assert.Single(await DatasetFiles.ReadAsync(path).ToListAsync());

        foreach (var (column, value) in row)
        {
            var kind = Cell.Of(value).Kind;
            if (kept.Contains(kind))
                Assert.Equal(kind, Cell.Of(back[column]).Kind);
        }

        // Parquet keeps every kind the row model has: a row read back has the fingerprint of the row it was written from.
        if (extension == ".parquet")
            Assert.Equal(RowFingerprint.ComputeHex(Normalized(row)), RowFingerprint.ComputeHex(back));
    }

    [Fact]
    public void The_journal_gives_back_every_kind_it_stores_and_names_the_column_of_any_other()
    {
        var stored = new List<KeyValuePair<string, object?>>
        {
            new("null", null), new("text", "t"), new("int", 3), new("long", 3L), new("float", 1.5f), new("double", 0.5), new("boolean", true),
            new("text_list", new List<string?> { "a", null }), new("integer_list", new List<int?> { 1, null }), new("list", new List<double> { 0.5 }),
        };
        var decoded = RowValueCodec.Decode(RowValueCodec.Encode(stored));
        for (var i = 0; i < stored.Count; i++)
        {
            Assert.Equal(stored[i].Value?.GetType(), decoded[i].Value?.GetType());
            Assert.Equal(stored[i].Value, decoded[i].Value);
        }

        // Other widths and text forms come back as the row model's long and string.
        var widened = RowValueCodec.Decode(RowValueCodec.Encode([new("short", (short)4), new("char", 'c'), new("memory", "m".AsMemory()), new("half", (Half)0.5)]));
        Assert.Equal(new object?[] { 4L, "c", "m", 0.5 }, widened.Select(c => c.Value));

        foreach (var column in new[] { "decimal", "struct", "binary", "formatted" })
        {
            var error = Assert.Throws<NotSupportedException>(() => RowValueCodec.Encode([new(column, EveryKind(0)[column])]));
            Assert.Contains($"'{column}'", error.Message);
        }
    }

    [Fact]
    public void Fingerprints_are_pinned_for_journal_format_4()
    {
        // XxHash128 of the canonical encoding, which is the one the value model kept from the code before it (those
        // SHA-256 values were e6d2aedc…, d1909af2…, 16ec50f4…). A change here makes every row of a format-4 journal look
        // edited: bump RunJournal.Format with it.
        var scalars = new Dictionary<string, object?> { ["id"] = 7L, ["prompt"] = "héllo", ["score"] = 0.25, ["ok"] = true, ["none"] = null, ["small"] = 3, ["f"] = 1.5f, ["m"] = 2.5m, ["c"] = 'x' };
        var lists = new Dictionary<string, object?> { ["texts"] = new List<string?> { "a", null }, ["ints"] = new long?[] { 1, null, 3 }, ["mixed"] = new object?[] { 1L, "b", 2.0 }, ["bytes"] = new byte[] { 1, 2 } };
        var nested = new Dictionary<string, object?>
        {
            ["s"] = new Dictionary<string, object?> { ["x"] = 1L, ["y"] = new List<string?> { "z" } },
            ["when"] = When,
            ["g"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["day"] = DayOfWeek.Friday,
        };

        Assert.Equal("9bb4605faf2be84230ae515104ccf16c", RowFingerprint.ComputeHex(scalars));
        Assert.Equal("4841d1f4f72deaf8dedf1ba30e6ecf0c", RowFingerprint.ComputeHex(lists));
        Assert.Equal("603d87b7a7fbe40f7b3b3ba3a50085d0", RowFingerprint.ComputeHex(nested));
    }

    [Fact]
    public async Task A_job_over_rows_of_every_kind_resumes_from_its_journal_and_writes_the_same_bytes()
    {
        using var folder = new TempDirectory();
        var input = folder.File("in.parquet");
        await DatasetFiles.WriteAsync(input, Enumerable.Range(0, 40).Select(EveryKind));
        var output = folder.File("out.parquet");
        var options = new LabelJobOptions { InputPath = input, OutputPath = output, JournalPath = RunJournal.DefaultPathFor(output) };

        var first = await LabelJob.RunAsync(LabellingPipeline.For<HelpSteer>(Answering(), new PipelineOptions { Concurrency = 4 }), options);
        var bytes = await File.ReadAllBytesAsync(output);
        var silent = new UserMessageChatClient((_, _) => throw new InvalidOperationException("must not be asked"));
        var again = await LabelJob.RunAsync(LabellingPipeline.For<HelpSteer>(silent, new PipelineOptions { Concurrency = 4, LabellerName = "fake-model" }), options);

        Assert.Equal(40, first.RowsJournaled);
        Assert.Equal(40, again.RowsFromJournal);
        Assert.Equal(0, again.JournalRowsInputChanged);
        Assert.Equal(0, silent.Calls);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(output));
    }

    private static UserMessageChatClient Answering() => new((user, _) => Task.FromResult(
        $"<correctness>{user.Length % 5}</correctness><coherence>4</coherence><complexity>1</complexity><verbosity>2</verbosity><helpfulness>3</helpfulness>"));

    private static Dictionary<string, object?> Normalized(Row row)
        => row.ToDictionary(c => c.Key, c => RowValues.Normalize(c.Value, c.Key, 1));
}

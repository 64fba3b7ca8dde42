using System.Text;
using System.Text.Json;
using Distilabel.Data;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// Bad inputs and options: a non-zero exit, one clear error line naming the file, line, row, column or option, no
/// output (no half-written file, no journal) when the run cannot start, and no API key anywhere.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly string _folder = Cli.NewFolder("bad-input");
    private RowServer _server = null!;

    private string Output => Path.Combine(_folder, "out.jsonl");

    public async Task InitializeAsync() => _server = await RowServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Cli.Delete(_folder);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Jsonl(params string[] lines) => string.Join("\n", lines) + "\n";

    private static string Good(int i) => $"{{\"id\":{i},\"prompt\":\"question {i}\",\"response\":\"answer {i}\"}}";

    /// <summary>The run could not start: exit 2, one error line with every fragment, nothing written, nothing asked.</summary>
    private async Task<string> AssertFatalAsync(IEnumerable<string> args, params string[] fragments)
    {
        var result = await Cli.RunAsync(args);
        var errors = Cli.ErrorLines(result);
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.All}");
        var line = Assert.Single(errors);
        foreach (var fragment in fragments)
            Assert.Contains(fragment, line);
        Assert.False(File.Exists(Output), "no output may be written");
        Assert.Empty(Directory.GetFiles(_folder, ".out.jsonl.tmp-*"));
        Assert.False(Directory.Exists(Path.Combine(_folder, ".distilabel")), "no journal or cache may be started");
        Assert.Equal(0, _server.Requests);
        Cli.AssertNoSecret(result, _folder);
        return line;
    }

    /// <summary>The run went on: exit 1, the bad rows carry their error, one error line names the first of them.</summary>
    private async Task<(string Line, List<JsonElement> Rows)> AssertRowErrorsAsync(string input, int rows, params string[] fragments)
    {
        var result = await Cli.RunAsync(Cli.Label(_server, input, Output));
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.All}");
        var line = Assert.Single(Cli.ErrorLines(result));
        foreach (var fragment in fragments)
            Assert.Contains(fragment, line);
        var output = RowServer.ReadOutput(Output);
        Assert.Equal(rows, output.Count);
        Cli.AssertNoSecret(result, _folder);
        return (line, output);
    }

    [Fact]
    public async Task Missing_input_file()
    {
        var missing = Path.Combine(_folder, "nope.jsonl");
        await AssertFatalAsync(Cli.Label(_server, missing, Output), "--input", "file not found", missing);
    }

    [Fact]
    public async Task Missing_required_column()
    {
        var input = Write("in.jsonl", Jsonl("{\"prompt\":\"a\",\"answer\":\"b\"}", "{\"prompt\":\"c\",\"answer\":\"d\"}"));
        await AssertFatalAsync(Cli.Label(_server, input, Output), input, "column 'response'", "no row has the column 'response'", "prompt, answer");
    }

    [Fact]
    public async Task Null_values_fail_their_row_blank_strings_are_sent_and_the_run_goes_on()
    {
        // Row 2's prompt is blank: a value, sent as it is (its response names the row for the server).
        var input = Write("in.jsonl", Jsonl(Good(0), "{\"id\":1,\"prompt\":\"question 1\",\"response\":null}", "{\"id\":2,\"prompt\":\"  \",\"response\":\"question 2\"}", Good(3)));
        var (line, rows) = await AssertRowErrorsAsync(input, 4, "1 of 4 rows were not labelled", "row 2", "column 'response'", "is null");
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("labelling_error").ValueKind);
        Assert.Equal(RowServer.AnswerFor(2), rows[2].GetProperty("raw_labelling_response").GetString());
        Assert.Equal(RowServer.AnswerFor(3), rows[3].GetProperty("raw_labelling_response").GetString());
        Assert.Equal(3, _server.Requests);
        Assert.Contains("out.jsonl", line);
    }

    [Fact]
    public async Task Wrong_types_fail_their_row_and_name_the_column()
    {
        var input = Write("in.jsonl", Jsonl(Good(0), "{\"id\":1,\"prompt\":42,\"response\":\"answer 1\"}", "{\"id\":2,\"prompt\":\"question 2\",\"response\":[\"a\",\"list\"]}"));
        var (_, rows) = await AssertRowErrorsAsync(input, 3, "row 2", "column 'prompt'", "expected a string but found Int64 '42'");
        Assert.Contains("column 'response'", rows[2].GetProperty("labelling_error").GetString());
    }

    [Fact]
    public async Task A_10_MB_cell_fails_its_row_without_flooding_the_terminal()
    {
        var huge = new string('x', 10 * 1024 * 1024);
        var input = Write("in.jsonl", Jsonl(Good(0), $"{{\"id\":1,\"prompt\":\"question 1\",\"response\":\"{huge}\"}}", Good(2)));
        var result = await Cli.RunAsync(Cli.Label(_server, input, Output));

        Assert.True(result.ExitCode == 1, result.StdErr.Length < 10_000 ? result.All : result.StdErr[..10_000]);
        var line = Assert.Single(Cli.ErrorLines(result));
        Assert.Contains("row 2", line);
        Assert.Contains("400", line);
        Assert.True(result.StdOut.Length + result.StdErr.Length < 20_000, "a huge cell must not be echoed");
        var rows = RowServer.ReadOutput(Output);
        Assert.Equal(huge.Length, rows[1].GetProperty("response").GetString()!.Length);
        Assert.Contains("maximum context length", rows[1].GetProperty("labelling_error").GetString());
        Cli.AssertNoSecret(result, _folder);
    }

    [Fact]
    public async Task A_broken_line_past_the_read_ahead_stops_the_run_and_the_rows_before_it_are_resumed()
    {
        // The input is read once: a broken row after the rows read ahead is met mid-run (the reorder window, 16 rows at
        // the default concurrency, bounds how far reading runs ahead of finished, journaled rows). The run stops there, names it,
        // writes no output, and the journal keeps the rows done so the fixed file resumes without asking them again.
        var lines = Enumerable.Range(0, 400).Select(Good).ToArray();
        var broken = lines.ToArray();
        broken[299] = "{\"id\":299,\"prompt\":";
        var input = Write("in.jsonl", Jsonl(broken));
        var result = await Cli.RunAsync(Cli.Label(_server, input, Output));
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.All}");
        var line = Assert.Single(Cli.ErrorLines(result));
        Assert.Contains("line 300", line);
        Assert.Contains("invalid JSON", line);
        Assert.False(File.Exists(Output), "no output may be written");
        var asked = _server.Requests;
        Assert.InRange(asked, 1, 399);

        Write("in.jsonl", Jsonl(lines));
        var resumed = await Cli.RunAsync(Cli.Label(_server, input, Output));
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Equal(Enumerable.Range(0, 400), RowServer.ReadOutput(Output).Select(r => r.GetProperty("id").GetInt32()));
        Assert.True(_server.Requests - asked < 400 - InputLookaheadRows, $"the rows before line 300 come from the journal ({_server.Requests - asked} asked again)");
        Cli.AssertNoSecret(result, _folder);
    }

    /// <summary>The rows a job reads ahead before its first request (<c>InputLookahead.MaxRows</c>).</summary>
    private const int InputLookaheadRows = 256;

    [Fact]
    public async Task Invalid_utf8_names_the_line_and_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(Jsonl(Good(0), Good(1))).Concat(Encoding.UTF8.GetBytes("{\"id\":2,\"prompt\":\"question ")).Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\",\"response\":\"r\"}\n")).ToArray();
        var input = WriteBytes("in.jsonl", bytes);
        await AssertFatalAsync(Cli.Label(_server, input, Output), input, "line 3", "row 3", "invalid UTF-8", "byte offset");
    }

    [Fact]
    public async Task A_corrupt_parquet_file_is_named()
    {
        var valid = Path.Combine(_folder, "valid.parquet");
        await DatasetFiles.WriteAsync(valid, Enumerable.Range(0, 50).Select(i => new Row { ["id"] = (long)i, ["prompt"] = $"question {i}", ["response"] = $"answer {i}" }));
        var bytes = await File.ReadAllBytesAsync(valid);
        var input = WriteBytes("corrupt.parquet", bytes[..(bytes.Length / 2)]);
        await AssertFatalAsync(Cli.Label(_server, input, Output), input, "not a valid Parquet file");

        var garbled = bytes.ToArray();
        for (var i = 8; i < garbled.Length - 8; i += 3)
            garbled[i] ^= 0x5A;
        var garbledInput = WriteBytes("garbled.parquet", garbled);
        await AssertFatalAsync(Cli.Label(_server, garbledInput, Output), garbledInput);
    }

    [Fact]
    public async Task A_broken_jsonl_line_is_reported_by_number_and_skip_bad_rows_goes_on()
    {
        var input = Write("in.jsonl", Jsonl(Good(0), Good(1), "{\"id\":2,\"prompt\":\"question 2\",", Good(3)));
        await AssertFatalAsync(Cli.Label(_server, input, Output), input, "line 3", "invalid JSON");

        var result = await Cli.RunAsync(Cli.Label(_server, input, Output, extra: "--skip-bad-rows"));
        Assert.True(result.ExitCode == 1, result.All);
        var line = Assert.Single(Cli.ErrorLines(result));
        Assert.Contains("1 unreadable input row was skipped", line);
        Assert.Contains("line 3", line);
        Assert.Equal(new[] { 0, 1, 3 }, RowServer.ReadOutput(Output).Select(r => r.GetProperty("id").GetInt32()));
        Cli.AssertNoSecret(result, _folder);
    }

    [Fact]
    public async Task Unknown_task()
    {
        var input = RowServer.WriteInput(_folder, 3);
        await AssertFatalAsync([.. Cli.Label(_server, input, Output), "--task", "nope"], "--task", "unknown task 'nope'", "helpsteer");
    }

    [Theory]
    [InlineData("--concurrency", "0", "--concurrency must be between 1 and 4096 (got 0)")]
    [InlineData("--temperature", "3", "--temperature must be between 0 and 2 (got 3)")]
    [InlineData("--max-new-tokens", "0", "--max-new-tokens must be between 1")]
    [InlineData("--limit", "0", "--limit must be at least 1 (got 0)")]
    [InlineData("--request-timeout", "0", "--request-timeout must be between")]
    [InlineData("--max-attempts", "0", "--max-attempts must be between 1 and 100 (got 0)")]
    [InlineData("--threads", "0", "--threads must be between 1 and 512 (got 0)")]
    [InlineData("--concurrency", "many", "many")]
    [InlineData("--llm", "bogus", "bogus")]
    public async Task Out_of_range_option_values(string option, string value, string message)
    {
        var input = RowServer.WriteInput(_folder, 3);
        var args = Cli.Label(_server, input, Output).ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
            args[at + 1] = value;
        else
            args.AddRange([option, value]);
        await AssertFatalAsync(args, message);
    }

    [Fact]
    public async Task Contradicting_options()
    {
        var input = RowServer.WriteInput(_folder, 3);
        await AssertFatalAsync([.. Cli.Label(_server, input, Output), "--fresh", "--retry-failed"], "--fresh", "--retry-failed");
    }

    [Fact]
    public async Task An_output_path_that_is_not_writable()
    {
        var input = RowServer.WriteInput(_folder, 3);
        var blocker = Write("a-file", "not a folder");
        var underFile = Path.Combine(blocker, "out.jsonl");
        await AssertFatalAsync(Cli.Label(_server, input, underFile), "Cannot write the output file", underFile);

        var folderOutput = Path.Combine(_folder, "folder.jsonl");
        Directory.CreateDirectory(folderOutput);
        await AssertFatalAsync(Cli.Label(_server, input, folderOutput), "Cannot write the output file", "directory");

        await AssertFatalAsync(Cli.Label(_server, input, Path.Combine(_folder, "out.xlsx")), "out.xlsx", "supported extensions");
    }

    [Fact]
    public async Task A_journal_path_that_is_not_writable()
    {
        var input = RowServer.WriteInput(_folder, 3);
        var blocker = Write("a-file", "not a folder");
        await AssertFatalAsync([.. Cli.Label(_server, input, Output), "--journal", Path.Combine(blocker, "j.db")], "journal", blocker);
    }
}

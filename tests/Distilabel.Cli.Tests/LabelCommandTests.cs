using System.Text.Json;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests;

/// <summary>The label command end to end: a real child process, real HTTP on 127.0.0.1, the real OpenAI SDK.</summary>
public class LabelCommandTests : IDisposable
{
    private const string Secret = "sk-test-SECRET-123";
    private const string GoodAnswer = "<correctness>4</correctness><coherence>3</coherence><complexity>2</complexity><verbosity>1</verbosity><helpfulness>0</helpfulness>";
    private readonly string _dir = Directory.CreateTempSubdirectory("distilabel-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Input(int rows)
    {
        var path = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { prompt = $"q{i}?", response = $"a{i}.", id = i })));
        return path;
    }

    private string[] Args(string baseUrl, string input, string output, params string[] more)
        => ["label", "--task", "helpsteer", "--input", input, "--output", output, "--llm", "openai-compatible", "--base-url", baseUrl, "--model", "judge", .. more];

    [Fact]
    public async Task A_model_that_cannot_be_downloaded_names_the_model_flag_and_writes_nothing()
    {
        var output = Path.Combine(_dir, "out.jsonl");
        var environment = new Dictionary<string, string?>
        {
            ["HF_ENDPOINT"] = $"http://127.0.0.1:{Distilabel.Testing.OpenAI.LoopbackWebServer.UnusedPort()}",
            ["DISTILABEL_CACHE"] = Path.Combine(_dir, "models"),
        };

        var result = await CliRunner.RunAsync(["label", "--task", "helpsteer", "--input", Input(2), "--output", output, "--llm", "llamacpp"], environment);

        Assert.True(result.ExitCode == 2, result.All);
        Assert.Contains("Cannot download", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("give its path as the model instead (--model).", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Labels_every_row_and_exits_zero()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer));
        var output = Path.Combine(_dir, "out.parquet");

        var result = await CliRunner.RunAsync(Args(server.BaseUrl, Input(12), output, "--concurrency", "3"));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(12, server.ChatRequestCount);
        Assert.Contains("Labelling summary", result.StdOut);
        Assert.True(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, ".*tmp*"));
    }

    [Fact]
    public async Task Unparsable_answers_keep_the_rows_and_exit_one()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.LastUserMessage.Contains("q1?")
            ? ScriptedResponse.Content("no idea")
            : ScriptedResponse.Content(GoodAnswer));
        var output = Path.Combine(_dir, "out.jsonl");

        var result = await CliRunner.RunAsync(Args(server.BaseUrl, Input(3), output));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 of 3 rows were not labelled", result.StdErr);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal("no idea", rows[1].GetProperty("raw_labelling_response").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("correctness").ValueKind);
        Assert.Equal(4, rows[2].GetProperty("correctness").GetInt32());
    }

    [Fact]
    public async Task Rejected_key_fails_fast_with_one_line_and_no_output()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Status(401, $"Incorrect API key provided: {Secret}"), requiredApiKey: "sk-other");
        var output = Path.Combine(_dir, "out.jsonl");

        var result = await CliRunner.RunAsync(
            Args(server.BaseUrl, Input(50), output, "--api-key-env", "MY_KEY", "--concurrency", "2"),
            new Dictionary<string, string?> { ["MY_KEY"] = Secret });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("401", result.StdErr);
        Assert.DoesNotContain(Secret, result.All);
        Assert.False(File.Exists(output));
        Assert.InRange(server.ChatRequestCount, 1, 4);
    }

    [Theory]
    [InlineData("--concurrency", "0", "--concurrency must be between 1 and 4096")]
    [InlineData("--temperature", "3", "--temperature must be between 0 and 2")]
    [InlineData("--max-new-tokens", "0", "--max-new-tokens must be between 1")]
    [InlineData("--limit", "0", "--limit must be at least 1")]
    [InlineData("--task", "nope", "unknown task 'nope'")]
    public async Task Bad_options_are_named(string option, string value, string message)
    {
        var output = Path.Combine(_dir, "out.jsonl");

        var args = Args("http://127.0.0.1:9/v1", Input(1), output).ToList();
        var existing = args.IndexOf(option);
        if (existing >= 0)
            args[existing + 1] = value;
        else
            args.AddRange([option, value]);

        var result = await CliRunner.RunAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.All);
        Assert.False(File.Exists(output));
    }
}

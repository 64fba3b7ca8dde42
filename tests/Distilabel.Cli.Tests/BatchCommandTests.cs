using System.Globalization;
using System.Text.Json;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests;

/// <summary><c>label --batch</c> and <c>batch list|status|cancel</c> end to end: a child process, the loopback fake of the
/// Files and Batches endpoints, the real OpenAI SDK.</summary>
public class BatchCommandTests : IDisposable
{
    private const string Secret = "sk-batch-SECRET-42";
    private readonly string _dir = Directory.CreateTempSubdirectory("distilabel-batch-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Dictionary<string, string?> Key = new() { ["BATCH_KEY"] = Secret };

    private string Input(int rows)
    {
        var path = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { prompt = $"q{i}?", response = $"a{i}." })));
        return path;
    }

    private string Output => Path.Combine(_dir, "out.jsonl");

    private string[] Label(string baseUrl, string input, params string[] more)
        => ["label", "--task", "helpsteer", "--input", input, "--output", Output, "--llm", "openai-compatible", "--base-url", baseUrl, "--model", "judge",
            "--api-key-env", "BATCH_KEY", "--batch-poll-seconds", "0", .. more];

    private static FakeBatchAnswer AnswerByRow(string customId, int? failing = null)
    {
        var index = int.Parse(customId.Split('-')[1], CultureInfo.InvariantCulture);
        return index == failing
            ? FakeBatchAnswer.Failure(500, "The server had an error while processing your request.")
            : FakeBatchAnswer.Text($"<correctness>{index % 5}</correctness><coherence>3</coherence><complexity>2</complexity><verbosity>1</verbosity><helpfulness>0</helpfulness>");
    }

    private List<int?> Correctness() => File.ReadAllLines(Output).Select(l =>
    {
        using var row = JsonDocument.Parse(l);
        var value = row.RootElement.GetProperty("correctness");
        return value.ValueKind == JsonValueKind.Null ? (int?)null : value.GetInt32();
    }).ToList();

    [Fact]
    public async Task Batch_labels_every_row_in_order_keeps_failures_shows_tokens_and_retry_failed_sends_only_those()
    {
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, _) => AnswerByRow(id, failing: 3);
        var input = Input(6);

        var first = await CliRunner.RunAsync(Label(server.BaseUrl, input, "--batch"), Key);

        Assert.True(first.ExitCode == 1, first.All);
        Assert.Equal([0, 1, 2, null, 4, 0], Correctness());
        Assert.Contains("Submitted 6 requests in 1 batch", first.StdErr, StringComparison.Ordinal);
        Assert.Contains("tokens in / out", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("50 / 25", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("--retry-failed", first.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, first.All, StringComparison.Ordinal);

        server.Answer = (id, _) => AnswerByRow(id);
        var retried = await CliRunner.RunAsync(Label(server.BaseUrl, input, "--batch", "--retry-failed"), Key);

        Assert.True(retried.ExitCode == 0, retried.All);
        Assert.Equal(2, server.Uploads);
        Assert.Single(server.UploadedLines[1]);
        Assert.Equal([0, 1, 2, 3, 4, 0], Correctness());
        foreach (var file in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_wait_exits_zero_with_how_to_collect_and_batch_list_status_and_cancel_manage_the_runs_batches()
    {
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, _) => AnswerByRow(id);
        server.HoldInProgress = true;
        var input = Input(3);

        var submitted = await CliRunner.RunAsync(Label(server.BaseUrl, input, "--batch-no-wait"), Key);

        Assert.True(submitted.ExitCode == 0, submitted.All);
        Assert.Contains("To collect, run the same command again", submitted.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));

        var list = await CliRunner.RunAsync(["batch", "list", "--output", Output]);
        Assert.True(list.ExitCode == 0, list.All);
        Assert.Contains("batch_", list.StdOut, StringComparison.Ordinal);

        var server_ = new[] { "--llm", "openai-compatible", "--base-url", server.BaseUrl, "--api-key-env", "BATCH_KEY" };
        var status = await CliRunner.RunAsync(["batch", "status", "--output", Output, .. server_], Key);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Contains("in_progress", status.StdOut, StringComparison.Ordinal);

        var cancel = await CliRunner.RunAsync(["batch", "cancel", "--output", Output, .. server_], Key);
        Assert.True(cancel.ExitCode == 0, cancel.All);
        Assert.Contains("cancelling", cancel.StdOut, StringComparison.Ordinal);

        var collected = await CliRunner.RunAsync(Label(server.BaseUrl, input, "--batch"), Key);
        Assert.True(collected.ExitCode == 1, collected.All);
        Assert.Equal([null, null, null], Correctness());
        Assert.Contains("was cancelled", File.ReadAllText(Output), StringComparison.Ordinal);
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));

        // The collected batch's files are deleted from the server, once.
        Assert.NotEqual(0, server.StoredFiles);
        var clean = await CliRunner.RunAsync(["batch", "clean", "--output", Output, .. server_], Key);
        Assert.True(clean.ExitCode == 0, clean.All);
        Assert.Contains("Deleted ", clean.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, server.StoredFiles);
        var again = await CliRunner.RunAsync(["batch", "clean", "--output", Output, .. server_], Key);
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains("No file to delete", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_that_fails_validation_exits_2_with_the_servers_reasons()
    {
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Reject = (line, _) => line == 3 ? "Enqueued token limit reached for judge." : null;

        var result = await CliRunner.RunAsync(Label(server.BaseUrl, Input(4), "--batch"), Key);

        Assert.True(result.ExitCode == 2, result.All);
        Assert.Contains("line 3: Enqueued token limit reached for judge.", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task Batch_needs_an_openai_llm_and_contradicts_no_batch()
    {
        var llama = await CliRunner.RunAsync(["label", "--input", Input(1), "--output", Output, "--llm", "llamacpp", "--batch"]);
        Assert.Equal(2, llama.ExitCode);
        Assert.Contains("--batch needs the OpenAI Batch API", llama.StdErr, StringComparison.Ordinal);

        var both = await CliRunner.RunAsync(["label", "--input", Input(1), "--output", Output, "--llm", "openai", "--batch", "--no-batch"]);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--batch and --no-batch contradict each other", both.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_batch_rows_are_asked_online_with_retry_failed_and_no_batch()
    {
        await using var batch = await FakeOpenAIBatchServer.StartAsync();
        batch.Answer = (id, _) => AnswerByRow(id, failing: 1);
        var input = Input(3);
        Assert.Equal(1, (await CliRunner.RunAsync(Label(batch.BaseUrl, input, "--batch"), Key)).ExitCode);

        await using var online = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<correctness>1</correctness><coherence>3</coherence><complexity>2</complexity><verbosity>1</verbosity><helpfulness>0</helpfulness>"));
        var result = await CliRunner.RunAsync(Label(online.BaseUrl, input, "--retry-failed", "--no-batch", "--no-cache"), Key);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(1, online.ChatRequestCount);
        Assert.Equal([0, 1, 2], Correctness());
    }

    [Fact]
    public async Task Batch_list_without_a_journal_says_which_and_how_to_name_the_run()
    {
        var result = await CliRunner.RunAsync(["batch", "list", "--output", Output]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("there is no run journal at", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--journal", result.StdErr, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text.Json;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Batch;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks;
using Distilabel.Testing.Llms;
using Distilabel.Testing.OpenAI;
using Distilabel.Tests.Journal;

namespace Distilabel.Tests.Batch;

/// <summary>Batch labelling against the loopback fake of the Files and Batches endpoints, through the real OpenAI SDK.</summary>
public class BatchLabelJobTests
{
    private static LlmSettings Llm(FakeOpenAIBatchServer server) => new()
    {
        Provider = LlmProvider.OpenAICompatible,
        BaseUrl = server.BaseUrl,
        Model = "judge",
    };

    private static readonly BatchOptions Fast = new() { PollInterval = TimeSpan.Zero, MaxPollInterval = TimeSpan.Zero };

    /// <summary>A HelpSteer answer whose correctness is the row's index modulo 5 (read from the custom_id), so a
    /// position-based join would put the wrong ratings on the rows.</summary>
    private static FakeBatchAnswer AnswerByRow(string customId, JsonElement body, int? failing = null)
    {
        var index = RowOf(customId);
        return index == failing
            ? FakeBatchAnswer.Failure(400, "This model's maximum context length was exceeded.")
            : FakeBatchAnswer.Text($"<correctness>{index % 5}</correctness>\n<coherence>3</coherence>\n<complexity>2</complexity>\n<verbosity>1</verbosity>\n<helpfulness>0</helpfulness>");
    }

    private static int RowOf(string customId) => int.Parse(customId.Split('-')[1], CultureInfo.InvariantCulture);

    private static LabelJobOptions Options(TempFolder folder, int rows)
    {
        var input = folder.File("in.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { prompt = $"q{i}?", response = $"a{i}." })));
        return LabelJobOptions.Defaults(input, folder.File("out.jsonl"));
    }

    private static Task<BatchJobReport> RunAsync(FakeOpenAIBatchServer server, LabelJobOptions options, BatchOptions? batch = null, CancellationToken drain = default)
        => BatchLabelJob.RunAsync(LlmTaskDefinition.Of<HelpSteer>(), Llm(server), options, batch ?? Fast, drainToken: drain);

    private static async Task<List<Row>> OutputAsync(LabelJobOptions options) => await DatasetFiles.ReadAsync(options.OutputPath).ToListAsync();

    private static int Correctness(Row row) => Convert.ToInt32(row["correctness"], CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_row_is_labelled_once_in_input_order_failures_keep_their_error_tokens_are_counted_and_the_journal_says_which_batch_answered()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body, failing: 4);
        var options = Options(folder, 9);
        var progress = new RecordingProgress<BatchProgress>();

        var report = await RunAsync(server, options, Fast with { Progress = progress });

        Assert.False(report.Waiting);
        Assert.Equal(JobStatus.RowsFailed, report.Status);
        Assert.Equal((1, 1, 1), (server.Uploads, server.BatchesCreated, report.BatchesCreated));
        Assert.Equal(9, Assert.Single(server.UploadedLines).Count);
        Assert.Equal(["in_progress", "finalizing", "completed"], progress.Reports.Select(p => p.Batches[0].Status).Distinct());
        var last = progress.Reports.Last();
        Assert.Equal((9L, 8L, 1L), (last.Total, last.Completed, last.Failed));

        var rows = await OutputAsync(options);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => $"q{i}?"), rows.Select(r => (string?)r["prompt"]));
        for (var i = 0; i < 9; i++)
        {
            if (i == 4)
                continue;
            Assert.Equal(i % 5, Correctness(rows[i]));
            Assert.Null(rows[i]["labelling_error"]);
        }

        Assert.Null(rows[4]["correctness"]);
        Assert.Equal("a4.", rows[4]["response"]);
        Assert.Contains("HTTP 400", (string?)rows[4]["labelling_error"], StringComparison.Ordinal);
        Assert.Contains("maximum context length", (string?)rows[4]["labelling_error"], StringComparison.Ordinal);

        Assert.Equal((8L, 1L), (report.RequestsAnswered, report.RequestsFailed));
        var job = report.Job!.Result;
        Assert.Equal((9, 1), (job.Rows, job.Failed));
        Assert.Equal((80, 40), (job.InputTokens, job.OutputTokens));

        using var batches = BatchJournal.OpenFile(options.JournalPath!);
        var batch = Assert.Single(batches.All());
        Assert.True(batch.Collected);
        Assert.Equal("completed", batch.Status);
        var requests = batches.AllRequests();
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (long)i), requests.Select(r => r.Index));
        Assert.Equal(8, requests.Count(r => r.Outcome == "answered"));
        Assert.StartsWith("failed: ", requests.Single(r => r.Index == 4).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_failed_sends_only_the_failed_rows_as_a_new_batch_and_a_plain_rerun_sends_nothing()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body, failing: 2);
        var options = Options(folder, 5);
        Assert.Equal(JobStatus.RowsFailed, (await RunAsync(server, options)).Status);

        var again = await RunAsync(server, options);
        Assert.Equal(JobStatus.RowsFailed, again.Status);
        Assert.Equal(1, server.Uploads);
        Assert.Equal(5, again.Job!.Result.RowsFromJournal);

        server.Answer = (id, body) => AnswerByRow(id, body);
        var retried = await RunAsync(server, options with { RetryFailed = true });

        Assert.Equal(JobStatus.Succeeded, retried.Status);
        Assert.Equal(2, server.Uploads);
        var second = server.UploadedLines[1];
        Assert.Equal(2, RowOf(Assert.Single(second).GetProperty("custom_id").GetString()!));
        var rows = await OutputAsync(options);
        Assert.Equal([0, 1, 2, 3, 4], rows.Select(Correctness));
    }

    [Fact]
    public async Task A_kill_between_upload_and_journal_never_uploads_twice()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        server.FailAfterNextUpload = true;
        var options = Options(folder, 4);

        var killed = await Assert.ThrowsAsync<BatchServiceException>(() => RunAsync(server, options));
        Assert.Contains("upload", killed.Message, StringComparison.Ordinal);
        Assert.Equal((1, 0), (server.Uploads, server.BatchesCreated));

        var report = await RunAsync(server, options);

        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));
        Assert.Equal([0, 1, 2, 3], (await OutputAsync(options)).Select(Correctness));
    }

    [Fact]
    public async Task A_kill_between_create_and_journal_never_creates_nor_uploads_twice()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        server.FailAfterNextCreate = true;
        var options = Options(folder, 4);

        await Assert.ThrowsAsync<BatchServiceException>(() => RunAsync(server, options));
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));

        var report = await RunAsync(server, options);

        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));
        Assert.Equal([0, 1, 2, 3], (await OutputAsync(options)).Select(Correctness));
    }

    [Fact]
    public async Task Submitting_without_waiting_returns_at_once_and_the_same_job_later_collects_without_uploading_again()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        server.HoldInProgress = true;
        var options = Options(folder, 3);

        var submitted = await RunAsync(server, options, Fast with { Wait = false });

        Assert.True(submitted.Waiting);
        Assert.Equal(JobStatus.Succeeded, submitted.Status);
        Assert.Equal((1, 3L), (submitted.BatchesCreated, submitted.RequestsSubmitted));
        Assert.False(File.Exists(options.OutputPath));

        // Still running: another look submits nothing.
        var still = await RunAsync(server, options, Fast with { Wait = false });
        Assert.True(still.Waiting);
        Assert.Equal(0, still.BatchesCreated);

        server.HoldInProgress = false;
        var collected = await RunAsync(server, options);

        Assert.Equal(JobStatus.Succeeded, collected.Status);
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));
        Assert.Equal([0, 1, 2], (await OutputAsync(options)).Select(Correctness));
    }

    [Fact]
    public async Task A_stopped_wait_between_create_and_completion_resumes_polling()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        server.HoldInProgress = true;
        var options = Options(folder, 3);
        using var drain = new CancellationTokenSource();
        var progress = new SynchronousProgress<BatchProgress>(p =>
        {
            if (p.Batches.Any(b => b.Status == "in_progress"))
                drain.Cancel();
        });

        var stopped = await RunAsync(server, options, Fast with { PollInterval = TimeSpan.FromMilliseconds(1), MaxPollInterval = TimeSpan.FromMilliseconds(1), Progress = progress }, drain.Token);

        Assert.True(stopped.Interrupted);
        Assert.Equal(JobStatus.Interrupted, stopped.Status);
        server.HoldInProgress = false;
        var report = await RunAsync(server, options);
        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));
    }

    [Fact]
    public async Task A_kill_during_download_downloads_again_and_finishes_without_uploading_again()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        server.FailNextDownload = true;
        var options = Options(folder, 4);

        var killed = await Assert.ThrowsAsync<BatchServiceException>(() => RunAsync(server, options));
        Assert.Contains("download", killed.Message, StringComparison.Ordinal);

        var report = await RunAsync(server, options);

        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));
        Assert.Equal([0, 1, 2, 3], (await OutputAsync(options)).Select(Correctness));
    }

    [Fact]
    public async Task A_batch_that_fails_validation_stops_with_the_servers_reasons_and_line_numbers()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Reject = (line, _) => line == 2 ? "The request body is too long." : null;
        var options = Options(folder, 3);

        var failed = await Assert.ThrowsAsync<BatchFailedException>(() => RunAsync(server, options));

        Assert.Contains("line 2: The request body is too long. (invalid_request)", failed.Message, StringComparison.Ordinal);
        Assert.Equal(["failed"], server.Statuses);
        Assert.False(File.Exists(options.OutputPath));

        // Fixed on the server's side: the next run submits anew and finishes.
        server.Reject = null;
        server.Answer = (id, body) => AnswerByRow(id, body);
        var report = await RunAsync(server, options);
        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal(2, server.BatchesCreated);
    }

    [Fact]
    public async Task An_expired_batch_keeps_what_it_answered_and_its_other_rows_fail_with_the_expiry()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        server.Expire = true;
        var options = Options(folder, 4);

        var report = await RunAsync(server, options);

        Assert.Equal(JobStatus.RowsFailed, report.Status);
        var rows = await OutputAsync(options);
        Assert.Equal([0, 1], rows.Take(2).Select(Correctness));
        Assert.All(rows.Skip(2), r => Assert.Contains("batch_expired", (string?)r["labelling_error"], StringComparison.Ordinal));
        Assert.Equal(2, report.Job!.Result.FailuresByKind["batch: batch_expired"]);

        server.Expire = false;
        var retried = await RunAsync(server, options with { RetryFailed = true });
        Assert.Equal(JobStatus.Succeeded, retried.Status);
        Assert.Equal(2, server.UploadedLines[1].Count);
    }

    [Fact]
    public async Task A_cancelled_batch_fails_the_rows_it_did_not_run()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.HoldInProgress = true;
        var options = Options(folder, 2);
        Assert.True((await RunAsync(server, options, Fast with { Wait = false })).Waiting);

        server.CancelAll();
        var report = await RunAsync(server, options);

        Assert.Equal(JobStatus.RowsFailed, report.Status);
        Assert.All(await OutputAsync(options), r => Assert.Contains("was cancelled", (string?)r["labelling_error"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_are_split_into_files_of_at_most_the_line_limit_and_still_written_in_order()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        var options = Options(folder, 7);

        var report = await RunAsync(server, options, Fast with { MaxRequestsPerFile = 3 });

        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal([3, 3, 1], server.UploadedLines.Select(l => l.Count));
        Assert.Equal(3, server.BatchesCreated);
        Assert.Equal([0, 1, 2, 3, 4, 0, 1], (await OutputAsync(options)).Select(Correctness));
    }

    [Fact]
    public async Task Request_bodies_are_the_online_paths_and_the_run_key_lets_the_online_path_resume_the_journal()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body, failing: 1);
        var options = Options(folder, 3);
        await RunAsync(server, options);

        var line = server.UploadedLines[0][0];
        Assert.Equal("POST", line.GetProperty("method").GetString());
        Assert.Equal("/v1/chat/completions", line.GetProperty("url").GetString());
        var body = line.GetProperty("body");
        Assert.Equal("judge", body.GetProperty("model").GetString());
        Assert.Contains("q0?", body.GetProperty("messages").GetRawText(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("stream", out _));

        // The failed row, online (--no-batch): the same journal, one request.
        await using var online = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("<correctness>1</correctness>\n<coherence>3</coherence>\n<complexity>2</complexity>\n<verbosity>1</verbosity>\n<helpfulness>0</helpfulness>"));
        var report = await LabelJob.RunAsync(
            LlmTaskDefinition.Of<HelpSteer>(),
            new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = online.BaseUrl, Model = "judge" },
            options with { RetryFailed = true, ResponseCachePath = null });
        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal(1, online.ChatRequestCount);
        Assert.Equal([0, 1, 2], (await OutputAsync(options)).Select(Correctness));
    }

    [Fact]
    public async Task A_broken_output_line_fails_only_its_row()
    {
        using var folder = new TempFolder();
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, body) => AnswerByRow(id, body);
        server.BreakLine = id => RowOf(id) == 1;
        var options = Options(folder, 3);

        var report = await RunAsync(server, options);

        Assert.Equal(JobStatus.RowsFailed, report.Status);
        var rows = await OutputAsync(options);
        Assert.Equal([0, 2], new[] { rows[0], rows[2] }.Select(Correctness));
        Assert.Contains("returned no line for this request", (string?)rows[1]["labelling_error"], StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

using System.Text.Json;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks;
using Distilabel.Testing.Llms;
using Distilabel.Testing.OpenAI;
using Distilabel.Tests.Journal;

namespace Distilabel.Tests.Pipeline;

/// <summary>The one-call job (what the command line's <c>label</c> does) over real HTTP on 127.0.0.1.</summary>
public class LabelJobTests
{
    private const string GoodAnswer = "<correctness>4</correctness>\n<coherence>3</coherence>\n<complexity>2</complexity>\n<verbosity>1</verbosity>\n<helpfulness>0</helpfulness>";

    private static LlmSettings Llm(string baseUrl) => new()
    {
        Provider = LlmProvider.OpenAICompatible,
        BaseUrl = baseUrl,
        Model = "judge",
        MaxAttempts = 3,
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    private static string WriteInput(TempFolder folder, int rows)
    {
        var path = folder.File("in.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { prompt = $"q{i}?", response = $"a{i}." })));
        return path;
    }

    private static LabelJobOptions Defaults(TempFolder folder, string input) => LabelJobOptions.Defaults(input, folder.File("out.jsonl")) with
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        SummaryJsonPath = folder.File("summary.json"),
    };

    [Fact]
    public async Task One_call_keeps_a_journal_and_a_cache_at_the_command_lines_paths_writes_the_summary_and_resumes()
    {
        using var folder = new TempFolder();
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer, promptTokens: 10, completionTokens: 5));
        var options = Defaults(folder, WriteInput(folder, 6));
        var started = new List<string>();
        var progress = new RecordingProgress<PipelineProgress>();
        var hooks = new JobHooks { Started = started.Add, Progress = progress };

        var report = await LabelJob.RunAsync(LlmTaskDefinition.Of<HelpSteer>(), Llm(server.BaseUrl), options, hooks: hooks);

        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal(6, report.Result.Succeeded);
        Assert.Equal(6, server.ChatRequestCount);
        Assert.StartsWith("Labelling in.jsonl with ", Assert.Single(started), StringComparison.Ordinal);
        Assert.Equal(6, progress.Reports.Last().Completed);
        Assert.Equal(Path.Combine(folder.Path, ".distilabel", "out.jsonl.journal.db"), report.Result.JournalPath);
        Assert.Equal(Path.Combine(folder.Path, ".distilabel", "cache.db"), report.Cache?.Path);
        Assert.Equal((0, 6), (report.Cache!.Hits, report.Cache.Misses));
        var rows = await DatasetFiles.ReadAsync(options.OutputPath).ToListAsync();
        Assert.Equal(4, Convert.ToInt32(rows[5]["correctness"], System.Globalization.CultureInfo.InvariantCulture));

        using (var summary = JsonDocument.Parse(await File.ReadAllTextAsync(options.SummaryJsonPath!)))
        {
            Assert.Equal(0, summary.RootElement.GetProperty("exit_code").GetInt32());
            Assert.Equal(6, summary.RootElement.GetProperty("labelled").GetInt32());
            Assert.Equal(6, summary.RootElement.GetProperty("cache").GetProperty("misses").GetInt32());
        }

        // The same call again: every row from the journal, no request.
        var again = await LabelJob.RunAsync(LlmTaskDefinition.Of<HelpSteer>(), Llm(server.BaseUrl), options with { Resume = true });
        Assert.Equal(JobStatus.Succeeded, again.Status);
        Assert.Equal(6, again.Result.RowsFromJournal);
        Assert.Equal(6, server.ChatRequestCount);
    }

    [Fact]
    public async Task Failed_rows_and_retries_are_counted_by_kind_and_the_status_says_rows_failed()
    {
        using var folder = new TempFolder();
        await using var server = await ScriptedOpenAIServer.StartAsync(r =>
            r.LastUserMessage.Contains("q1?", StringComparison.Ordinal) && r.AttemptForBody == 1 ? ScriptedResponse.Status(429, retryAfter: "0")
            : r.LastUserMessage.Contains("q2?", StringComparison.Ordinal) ? ScriptedResponse.Content("no tags at all")
            : ScriptedResponse.Content(GoodAnswer));
        var options = Defaults(folder, WriteInput(folder, 4));

        var report = await LabelJob.RunAsync(LlmTaskDefinition.Of<HelpSteer>(), Llm(server.BaseUrl), options, new PipelineOptions { Concurrency = 1 });

        Assert.Equal(JobStatus.RowsFailed, report.Status);
        Assert.Equal(1, report.Result.Failed);
        Assert.Single(report.Result.FailuresByKind);
        Assert.Equal(1, report.Retries);
        Assert.Contains(report.RetriesByKind, kind => kind.Key.Contains("429", StringComparison.Ordinal) && kind.Value == 1);
        Assert.StartsWith("row 3:", report.Result.FirstFailure, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(report.ToJson());
        Assert.Equal(1, summary.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("retries").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Resume_without_a_journal_throws_a_structured_error_before_any_request_or_file()
    {
        using var folder = new TempFolder();
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer));
        var options = Defaults(folder, WriteInput(folder, 2)) with { Resume = true };

        var error = await Assert.ThrowsAsync<RunJournalException>(() => LabelJob.RunAsync(LlmTaskDefinition.Of<HelpSteer>(), Llm(server.BaseUrl), options));

        Assert.Equal(RunJournalProblem.Missing, error.Problem);
        Assert.Equal(options.JournalPath, error.JournalPath);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.ChatRequestCount);
        Assert.False(File.Exists(options.OutputPath));
        Assert.False(Directory.Exists(folder.File(".distilabel")));
    }

    [Fact]
    public async Task A_missing_setting_is_named_by_its_property_not_by_a_command_line_flag()
    {
        using var folder = new TempFolder();
        var options = Defaults(folder, WriteInput(folder, 2));

        var error = await Assert.ThrowsAsync<LlmConfigurationException>(() =>
            LabelJob.RunAsync(LlmTaskDefinition.Of<HelpSteer>(), new LlmSettings { Provider = LlmProvider.OpenAICompatible, Model = "m" }, options));

        Assert.Equal(nameof(LlmSettings.BaseUrl), error.Setting);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(options.OutputPath));
    }

    [Fact]
    public async Task An_unwritable_output_stops_the_job_before_the_llm_is_created()
    {
        using var folder = new TempFolder();
        var blocker = folder.File("file");
        await File.WriteAllTextAsync(blocker, "x");
        var options = LabelJobOptions.Defaults(WriteInput(folder, 2), Path.Combine(blocker, "out.jsonl"));
        var created = 0;

        await Assert.ThrowsAnyAsync<IOException>(() => DatasetJob.RunAsync(
            (llms, ct) =>
            {
                created++;
                throw new InvalidOperationException("the steps must not be built");
            },
            options));

        Assert.Equal(0, created);
    }
}

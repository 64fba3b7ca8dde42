using System.Text.RegularExpressions;
using Distilabel.Llms;
using Distilabel.Orleans.Hosting;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Scheduling;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Testing.OpenAI;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Distilabel.Orleans.Tests;

/// <summary>
/// The submitter of a cluster job keeps the run journal: a submitter stopped mid-run leaves every row it wrote
/// durable, and the same job run again leases only the rows the journal lacks, then writes what one process writes.
/// </summary>
public sealed partial class SubmitterJournalTests : IAsyncLifetime
{
    private const int Rows = 30;
    private const int AnsweredBeforeStop = 12;
    private const string Model = "judge-a";

    private readonly string _folder = Directory.CreateTempSubdirectory("distilabel-orleans-journal-").FullName;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ScriptedOpenAIServer _server = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedOpenAIServer.StartAsync(Script, modelId: Model);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddDistilabelFileStorage(Path.Combine(_folder, "state"));
            silo.AddDistilabelWorker(w =>
            {
                w.Llm = new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = _server.BaseUrl, Model = Model };
                w.Concurrency = 2;
                w.IdlePoll = TimeSpan.FromMilliseconds(50);
            });
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>The first rows are answered at once; the others wait until the test releases them (after the stop).</summary>
    private ScriptedResponse Script(ScriptedRequest request)
        => RowOf(request) < AnsweredBeforeStop || _release.Task.IsCompleted
            ? HelpSteerAnswers.For(request)
            : ScriptedResponse.Decided(_release.Task.ContinueWith(_ => HelpSteerAnswers.For(request), TaskScheduler.Default));

    private static int RowOf(ScriptedRequest request) => int.Parse(QuestionNumber().Match(request.LastUserMessage).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"question (\d+):")]
    private static partial Regex QuestionNumber();

    [Fact]
    public async Task A_stopped_submitter_resumes_from_its_journal_and_leases_only_the_rows_it_lacks()
    {
        var input = HelpSteerAnswers.WriteInput(_folder, Rows);
        var output = Path.Combine(_folder, "cluster.jsonl");
        var journal = Path.Combine(_folder, "cluster.journal.db");
        var options = new PipelineOptions { MaxNewTokens = 64, Temperature = 0 };
        var task = LlmTaskDefinition.Of<HelpSteer>();
        var job = new LabelJobOptions { InputPath = input, OutputPath = output, JournalPath = journal };

        // First run: stopped (abort, as a kill would) once the rows the server answers are written.
        using (var stop = new CancellationTokenSource())
        {
            var written = new Progress<PipelineProgress>(p =>
            {
                if (p.Completed >= AnsweredBeforeStop)
                    stop.Cancel();
            });
            var first = RunAsync(task, options, job, written, stop.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.False(File.Exists(output));
        var askedBeforeStop = _server.Requests.Count;
        _release.SetResult();

        // Second run: the journal's rows come back, only the others are leased to the worker.
        var second = await RunAsync(task, options, job, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(second.Completed);
        Assert.Equal(Rows, second.Rows);
        Assert.True(second.RowsFromJournal >= AnsweredBeforeStop, $"{second.RowsFromJournal} rows came from the journal");
        var askedAgain = _server.Requests.Skip(askedBeforeStop).Select(RowOf).ToList();
        Assert.DoesNotContain(askedAgain, row => row < AnsweredBeforeStop);
        Assert.Equal(Rows, _server.Requests.Select(RowOf).Distinct().Count());

        // The output is byte for byte what one process with the same model writes.
        var lines = File.ReadAllLines(output);
        Assert.Equal(await SingleProcessAsync(task, options, input), lines);

        // Third run: every row is in the journal, so no job is started and nothing is asked.
        var asked = _server.Requests.Count;
        var third = await RunAsync(task, options, job, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Rows, third.RowsFromJournal);
        Assert.Equal(asked, _server.Requests.Count);
        Assert.Equal(lines, File.ReadAllLines(output));
    }

    private Task<LabelJobResult> RunAsync(LlmTaskDefinition task, PipelineOptions options, LabelJobOptions job, IProgress<PipelineProgress>? progress, CancellationToken abort)
    {
        var scheduler = new ClusterRowScheduler(_cluster.Client, task, GenerationSpec.From(options), InputSpec.From(job.InputPath, null, false), new ClusterSchedulerOptions { FollowInterval = TimeSpan.FromMilliseconds(200) });
        var flow = new LabellingPipeline(task, new ClusterLabeller(), options).Flow;
        return LabelJob.RunAsync(flow, job with { Scheduler = scheduler }, progress, abortToken: abort);
    }

    private async Task<string[]> SingleProcessAsync(LlmTaskDefinition task, PipelineOptions options, string input)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(HelpSteerAnswers.For, modelId: Model);
        using var llm = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = Model });
        var output = Path.Combine(_folder, "single.jsonl");
        await LabelJob.RunAsync(new LabellingPipeline(task, llm, options), new LabelJobOptions { InputPath = input, OutputPath = output });
        return File.ReadAllLines(output);
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _cluster.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

using System.IO.Hashing;
using System.Text;
using Distilabel.Compiler;
using Distilabel.Llms;
using Distilabel.Orleans.Hosting;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Scheduling;
using Distilabel.Pipeline;
using Distilabel.Testing.OpenAI;
using Orleans.TestingHost;

namespace Distilabel.Orleans.Tests;

/// <summary>
/// A task declared in a C# file travels with the job: a worker that compiles task files labels it with the job's
/// parameters, byte for byte as one process with the compiled file does; a worker that does not refuses the job and
/// asks nothing.
/// </summary>
public sealed class TaskFileClusterTests : IAsyncLifetime
{
    private const int Rows = 12;
    private const string Judge = """
        namespace ClusterTasks;

        [LlmTask(SystemPrompt = "Rate the {aspect} of the response.")]
        public partial record ToneJudge
        {
            [Input] public required string Prompt { get; init; }
            [Input] public required string Response { get; init; }
            [Rating(0, 4)] public int? Score { get; init; }
            [Parameter] public string Aspect { get; init; } = "tone";
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("distilabel-orleans-taskfile-").FullName;
    private ScriptedOpenAIServer _compiling = null!;
    private ScriptedOpenAIServer _plain = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _compiling = await ScriptedOpenAIServer.StartAsync(Answer, modelId: "judge-a");
        _plain = await ScriptedOpenAIServer.StartAsync(Answer, modelId: "judge-b");
        var builder = new InProcessTestClusterBuilder(2);
        var silos = 0;
        builder.ConfigureSilo((_, silo) =>
        {
            // The first silo's worker compiles task files; the second's does not.
            var compiles = Interlocked.Increment(ref silos) == 1;
            silo.Services.AddDistilabelFileStorage(Path.Combine(_folder, "state"));
            silo.AddDistilabelWorker(w =>
            {
                var server = compiles ? _compiling : _plain;
                w.Llm = new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = server == _compiling ? "judge-a" : "judge-b" };
                w.IdlePoll = TimeSpan.FromMilliseconds(50);
                if (compiles)
                    w.CompileTaskFile = (name, source) => TaskFile.FromSource(source, name).Single();
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>A score that depends on the row only, naming nothing else.</summary>
    private static ScriptedResponse Answer(ScriptedRequest request)
        => ScriptedResponse.Content($"<score>{XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(request.LastUserMessage)) % 5}</score>");

    [Fact]
    public async Task A_task_file_travels_with_the_job_and_is_labelled_as_one_process_labels_it()
    {
        var input = HelpSteerAnswers.WriteInput(_folder, Rows);
        var file = Path.Combine(_folder, "ToneJudge.cs");
        File.WriteAllText(file, Judge);
        var task = TaskFile.Load(file).Single().WithParameters(new Dictionary<string, string> { ["aspect"] = "clarity" });
        var pipeline = new PipelineOptions { MaxNewTokens = 32 };
        var output = Path.Combine(_folder, "cluster.jsonl");

        var report = await ClusterLabelJob.RunAsync(
            _cluster.Client, task, LabelJobOptions.Defaults(input, output), pipeline,
            follow: new ClusterSchedulerOptions { FollowInterval = TimeSpan.FromMilliseconds(100) },
            taskFile: TaskFileSpec.Read(file)).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(JobStatus.Succeeded, report.Status);
        Assert.Equal(Rows, report.Result.Rows);
        Assert.Empty(_plain.Requests);
        Assert.All(_compiling.Requests, r => Assert.Contains("Rate the clarity of the response.", r.Body, StringComparison.Ordinal));

        using var llm = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = _compiling.BaseUrl, Model = "judge-a" });
        var single = Path.Combine(_folder, "single.jsonl");
        await LabelJob.RunAsync(new LabellingPipeline(task, llm, pipeline), new LabelJobOptions { InputPath = input, OutputPath = single });
        Assert.Equal(File.ReadAllLines(single), File.ReadAllLines(output));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _compiling.DisposeAsync();
        await _plain.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

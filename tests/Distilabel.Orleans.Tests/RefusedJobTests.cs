using Distilabel.Llms;
using Distilabel.Orleans.Hosting;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Scheduling;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Testing.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Distilabel.Orleans.Tests;

/// <summary>When no worker can label a job (every worker's LLM refuses its key), the job stops with one line saying why, instead of waiting.</summary>
public sealed class RefusedJobTests
{
    [Fact]
    public async Task A_job_no_worker_can_label_stops_with_each_workers_reason()
    {
        var folder = Directory.CreateTempSubdirectory("distilabel-refused-").FullName;
        await using var server = await ScriptedOpenAIServer.StartAsync(HelpSteerAnswers.For, requiredApiKey: "the-right-key", modelId: "judge");
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddDistilabelFileStorage(Path.Combine(folder, "state"));
            silo.AddDistilabelWorker(w =>
            {
                w.Llm = new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = "judge", MaxAttempts = 1 };
                w.IdlePoll = TimeSpan.FromMilliseconds(50);
            });
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var input = HelpSteerAnswers.WriteInput(folder, 10);
            var task = LlmTaskDefinition.Of<HelpSteer>();
            var options = new PipelineOptions();
            var scheduler = new ClusterRowScheduler(cluster.Client, task, GenerationSpec.From(options), InputSpec.From(input, null, false), new ClusterSchedulerOptions { FollowInterval = TimeSpan.FromMilliseconds(100) });
            var flow = new LabellingPipeline(task, new ClusterLabeller(), options).Flow;
            var output = Path.Combine(folder, "out.jsonl");

            var error = await Assert.ThrowsAsync<ClusterJobException>(() => LabelJob.RunAsync(flow, new LabelJobOptions { InputPath = input, OutputPath = output, Scheduler = scheduler }).WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.StartsWith("no worker can label the job: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("401", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

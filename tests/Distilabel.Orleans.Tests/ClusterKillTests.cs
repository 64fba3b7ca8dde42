using System.Collections.Concurrent;
using System.Text.Json;
using Distilabel.Llms;
using Distilabel.Orleans.Coordination;
using Distilabel.Orleans.Hosting;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Scheduling;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Testing.OpenAI;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Distilabel.Orleans.Tests;

/// <summary>
/// Three silos in one process, each labelling with its own model on its own loopback OpenAI-compatible server; one
/// silo is killed while it holds rows in flight. Every row is labelled, in order, once, byte for byte as a single
/// process with the row's model writes it, and only the rows in flight on the lost silo are asked again.
/// </summary>
public sealed class ClusterKillTests : IAsyncLifetime
{
    private const int Rows = 40;
    private const int Concurrency = 2;
    private static readonly string[] Models = ["judge-a", "judge-b", "judge-c"];

    private readonly string _folder = Directory.CreateTempSubdirectory("distilabel-orleans-").FullName;
    private readonly ScriptedOpenAIServer[] _servers = new ScriptedOpenAIServer[3];
    private readonly TaskCompletionSource[] _firstRequest = [.. Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    private readonly TaskCompletionSource<int> _victim = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, int> _siloServer = new(StringComparer.Ordinal);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            var server = i;
            _servers[i] = await ScriptedOpenAIServer.StartAsync(r => Script(server, r), modelId: Models[i]);
        }

        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((silo, siloBuilder) =>
        {
            int index;
            lock (_siloServer)
                index = _siloServer.GetOrAdd(silo.SiloName, _ => _siloServer.Count);
            siloBuilder.Services.AddDistilabelFileStorage(Path.Combine(_folder, "state"));
            siloBuilder.Services.AddFastFailureDetection();
            siloBuilder.AddDistilabelWorker(w =>
            {
                w.Llm = new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = _servers[index].BaseUrl, Model = Models[index] };
                w.Concurrency = Concurrency;
                w.IdlePoll = TimeSpan.FromMilliseconds(50);
            });
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>Until the test picks the silo to kill, every request waits; then the victim's never answer, the others' do.</summary>
    private ScriptedResponse Script(int server, ScriptedRequest request)
    {
        _firstRequest[server].TrySetResult();
        if (!_victim.Task.IsCompleted)
            return ScriptedResponse.Decided(_victim.Task.ContinueWith(t => t.Result == server ? ScriptedResponse.Hold() : HelpSteerAnswers.For(request), TaskScheduler.Default));
        return _victim.Task.Result == server ? ScriptedResponse.Hold() : HelpSteerAnswers.For(request);
    }

    [Fact]
    public async Task A_killed_silo_loses_only_its_rows_in_flight_and_the_output_is_what_one_process_writes()
    {
        var input = HelpSteerAnswers.WriteInput(_folder, Rows);
        var output = Path.Combine(_folder, "cluster.jsonl");
        var options = new PipelineOptions { MaxNewTokens = 64, Temperature = 0 };
        var task = LlmTaskDefinition.Of<HelpSteer>();
        var scheduler = new ClusterRowScheduler(_cluster.Client, task, GenerationSpec.From(options), InputSpec.From(input, null, false), new ClusterSchedulerOptions { FollowInterval = TimeSpan.FromMilliseconds(200) });
        var flow = new LabellingPipeline(task, new ClusterLabeller(), options).Flow;
        var run = LabelJob.RunAsync(flow, new LabelJobOptions { InputPath = input, OutputPath = output, Scheduler = scheduler });

        // Every silo's worker holds a lease (its server got a request) before the test picks the one to kill: a
        // secondary silo that does not host the job's coordinator.
        await Task.WhenAll(_firstRequest.Select(t => t.Task)).WaitAsync(TimeSpan.FromSeconds(60));
        var coordinatorHost = await scheduler.Job!.Host();
        var victim = _cluster.Silos.First(s => s.Name != _cluster.Silos[0].Name && s.SiloAddress.ToParsableString() != coordinatorHost);
        var victimServer = _siloServer[victim.Name];
        _victim.SetResult(victimServer);
        await _cluster.KillSiloAsync(victim);

        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(result.Completed);
        Assert.Equal(Rows, result.Rows);

        // Every row, in input order, once.
        var lines = File.ReadAllLines(output);
        Assert.Equal(Enumerable.Range(0, Rows), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt32()));

        // Each row records the model that answered it, and is byte for byte what one process with that model writes.
        var models = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("labelling_model").GetString()!).ToList();
        Assert.True(models.Distinct().Count() >= 2, "the rows were labelled by several silos");
        foreach (var model in models.Distinct())
        {
            var single = await SingleProcessAsync(task, options, input, model);
            for (var i = 0; i < Rows; i++)
            {
                if (models[i] == model)
                    Assert.Equal(single[i], lines[i]);
            }
        }

        // Only rows in flight on the lost silo were asked again (at most its requests in flight), and at least one was.
        var asked = _servers.SelectMany(s => s.Requests).Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).GroupBy(r => r.LastUserMessage).ToList();
        Assert.Equal(Rows, asked.Count);
        var repeated = asked.Count(g => g.Count() > 1);
        Assert.InRange(repeated, 1, Concurrency);
        Assert.All(asked.Where(g => g.Count() > 1), g => Assert.Contains(g, r => _servers[victimServer].Requests.Contains(r)));
    }

    private async Task<string[]> SingleProcessAsync(LlmTaskDefinition task, PipelineOptions options, string input, string model)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(HelpSteerAnswers.For, modelId: model);
        using var llm = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = model });
        var output = Path.Combine(_folder, $"single-{model}.jsonl");
        await LabelJob.RunAsync(new LabellingPipeline(task, llm, options with { Concurrency = 4 }), new LabelJobOptions { InputPath = input, OutputPath = output });
        return File.ReadAllLines(output);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var server in _servers)
            await server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

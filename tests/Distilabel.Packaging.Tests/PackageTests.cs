using System.Xml.Linq;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Packaging.Tests;

/// <summary>Each package works alone from a fresh project, installed from the local feed.</summary>
[Collection(PackagingCollection.Name)]
public sealed class PackageTests(PackedFeed feed)
{
    [Fact]
    public void The_solution_packs_every_package_with_its_metadata()
    {
        var packed = Directory.GetFiles(feed.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(PackedFeed.PackageIds.Select(id => $"{id}.{feed.Version}.nupkg"), packed);

        foreach (var id in PackedFeed.PackageIds)
        {
            var metadata = feed.Nuspec(id).Descendants().First(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal(feed.Version, Field("version"));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")), $"{id}: no description");
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.Contains("README.md", feed.Entries(id));
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Equal("git", (string?)repository.Attribute("type"));
            Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
        }
    }

    [Fact]
    public async Task Distilabel_alone_compiles_an_LlmTask_builds_its_prompt_and_carries_no_llama_cpp()
    {
        Assert.Contains("analyzers/dotnet/cs/Distilabel.Generators.dll", feed.Entries("Distilabel"));
        Assert.DoesNotContain(Dependencies("Distilabel"), id => id.StartsWith("LLamaSharp", StringComparison.Ordinal));

        var project = FreshProject.Create(feed, "UsesDistilabel", """
            using Distilabel;
            using Distilabel.Llms;

            var judge = new FreshJudge { Question = "What is 2+2?", Answer = "4" };
            Console.WriteLine("prompt: " + string.Join(" | ", judge.BuildPrompt().Select(m => m.Text)));
            Console.WriteLine("parsed: " + judge.ParseOutput("<score>7</score>").Score);
            try
            {
                using var llm = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.LlamaCpp, Model = "model.gguf" });
                Console.WriteLine("llamacpp: loaded");
            }
            catch (LlmConfigurationException e)
            {
                Console.WriteLine("llamacpp: " + e.Message);
            }

            [LlmTask(SystemPrompt = "You judge answers to exam questions.")]
            public partial record FreshJudge
            {
                [Input] public required string Question { get; init; }
                [Input(Name = "student_answer")] public required string Answer { get; init; }
                [Rating(1, 10)] public int? Score { get; init; }
            }
            """, "Distilabel");

        var output = await project.RunAsync();

        Assert.Contains("You judge answers to exam questions.", output, StringComparison.Ordinal);
        Assert.Contains("<question>What is 2+2?</question>", output, StringComparison.Ordinal);
        Assert.Contains("<student_answer>4</student_answer>", output, StringComparison.Ordinal);
        Assert.Contains("parsed: 7", output, StringComparison.Ordinal);
        Assert.Contains("llamacpp: The LlamaCpp provider runs in-process from the Distilabel.LlamaCpp package", output, StringComparison.Ordinal);
        Assert.DoesNotContain("LLamaSharp", project.Assets, StringComparison.OrdinalIgnoreCase);
    }

    [RequiresTinyModelFact]
    public async Task Distilabel_LlamaCpp_loads_the_tiny_model_through_LlmClients()
    {
        Assert.DoesNotContain(feed.Entries("Distilabel.LlamaCpp"), e => e.StartsWith("runtimes/", StringComparison.Ordinal));
        Assert.Contains("LLamaSharp.Backend.Cpu", Dependencies("Distilabel.LlamaCpp"));

        var project = FreshProject.Create(feed, "UsesLlamaCpp", """
            using Distilabel.Llms;
            using Microsoft.Extensions.AI;

            using var llm = await LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.LlamaCpp, Model = args[0], LlamaCppThreads = 1 });
            var response = await llm.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 8, Temperature = 0 });
            Console.WriteLine("engine: " + llm.GetType().FullName);
            Console.WriteLine("tokens: " + response.Usage?.OutputTokenCount);
            Console.WriteLine("text: " + response.Text.Length);
            """, "Distilabel.LlamaCpp");

        var output = await project.RunAsync(SharedFiles.TinyModelPath!);

        Assert.Contains("engine: Distilabel.LlamaCpp.LlamaCppChatClient", output, StringComparison.Ordinal);
        Assert.Matches(@"tokens: [1-8]\b", output);
        Assert.DoesNotContain("text: 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distilabel_Orleans_runs_a_one_silo_cluster_that_labels_rows_against_a_loopback_server()
    {
        Assert.Contains("Distilabel", Dependencies("Distilabel.Orleans"));
        Assert.Contains("Microsoft.Orleans.Server", Dependencies("Distilabel.Orleans"));
        Assert.DoesNotContain(Dependencies("Distilabel"), id => id.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(
            "<correctness>4</correctness><coherence>3</coherence><complexity>2</complexity><verbosity>1</verbosity><helpfulness>0</helpfulness>"));
        var folder = Directory.CreateDirectory(Path.Combine(feed.Root, "orleans-data")).FullName;
        var input = Path.Combine(folder, "in.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 3).Select(i => $$"""{"prompt":"q{{i}}?","response":"a{{i}}."}"""));

        var project = FreshProject.Create(feed, "UsesOrleans", """
            using Distilabel;
            using Distilabel.Llms;
            using Distilabel.Orleans.Hosting;
            using Distilabel.Orleans.Scheduling;
            using Distilabel.Pipeline;
            using Distilabel.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;

            var (siloPort, gatewayPort) = (int.Parse(args[3]), int.Parse(args[4]));
            var cluster = new ClusterSettings
            {
                Kind = ClusteringKind.Localhost, SiloPort = siloPort, PrimarySiloPort = siloPort, GatewayPort = gatewayPort,
                Gateways = [gatewayPort], StateFolder = Path.Combine(Path.GetDirectoryName(args[2])!, "cluster-state"),
            };
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.UseOrleans(silo => silo
                .UseDistilabelCluster(cluster)
                .AddDistilabelWorker(w => w.Llm = new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = args[0], Model = "judge" }));
            using var host = builder.Build();
            await host.StartAsync();
            var report = await ClusterLabelJob.RunAsync(host.Services.GetRequiredService<IClusterClient>(), LlmTaskDefinition.Of<HelpSteer>(), LabelJobOptions.Defaults(args[1], args[2]));
            Console.WriteLine($"status: {report.Status}, rows: {report.Result.Rows}, failed: {report.Result.Failed}");
            await host.StopAsync();
            """, "Distilabel.Orleans");

        var output = Path.Combine(folder, "out.jsonl");
        var outputText = await project.RunAsync(server.BaseUrl, input, output, FreePort(), FreePort());

        Assert.Contains("status: Succeeded, rows: 3, failed: 0", outputText, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(output).Length);
        Assert.Equal(3, server.ChatRequestCount);
    }

    private static string FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Distilabel_Interactive_loads_its_extension_in_a_kernel_and_declares_a_task_in_a_cell()
    {
        Assert.Contains("interactive-extensions/dotnet/Distilabel.Interactive.dll", feed.Entries("Distilabel.Interactive"));

        // The host (dotnet-interactive) brings .NET Interactive; a fresh project names it itself.
        var host = HostVersion();
        var project = FreshProject.Create(feed, "UsesInteractive", """"
            using Distilabel;
            using Distilabel.Interactive;
            using Microsoft.DotNet.Interactive;
            using Microsoft.DotNet.Interactive.Commands;
            using Microsoft.DotNet.Interactive.CSharp;
            using Microsoft.DotNet.Interactive.Events;

            using var kernel = new CompositeKernel { new CSharpKernel() };
            kernel.DefaultKernelName = "csharp";
            await new DistilabelKernelExtension().OnLoadAsync(kernel);
            Console.WriteLine("kernels: " + string.Join(",", kernel.ChildKernels.Select(k => k.Name)));
            var result = await kernel.SendAsync(new SubmitCode($"#r \"{typeof(LlmTaskDefinition).Assembly.Location}\""));
            result = await kernel.SendAsync(new SubmitCode("""
                #!llm-task
                namespace Fresh;

                [LlmTask(Name = "fresh_judge")]
                public partial record FreshJudge
                {
                    [Input] public required string Text { get; init; }
                    [Rating(1, 5)] public int? Score { get; init; }
                }
                """));
            if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
            {
                Console.WriteLine("failed: " + failed.Message);
                return 1;
            }

            Console.WriteLine("task: " + LlmTaskRegistry.Get("fresh_judge").Descriptor.Name);
            return 0;
            """", "Distilabel.Interactive", $"Microsoft.DotNet.Interactive.CSharp={host}");

        var output = await project.RunAsync();

        Assert.Matches("kernels: .*llm-task", output);
        Assert.Contains("task: fresh_judge", output, StringComparison.Ordinal);
    }

    private IReadOnlyList<string> Dependencies(string id) =>
        feed.Nuspec(id).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();

    /// <summary>The .NET Interactive version the repository builds against (Directory.Packages.props).</summary>
    private static string HostVersion() =>
        XDocument.Load(Path.Combine(SharedFiles.RepoRoot, "Directory.Packages.props")).Descendants()
            .Single(e => e.Name.LocalName == "PackageVersion" && (string?)e.Attribute("Include") == "Microsoft.DotNet.Interactive.CSharp")
            .Attribute("Version")!.Value;
}

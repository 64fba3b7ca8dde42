using System.CommandLine;
using Distilabel.LlamaCpp;
using Distilabel.Compiler;
using Distilabel.Llms;
using Distilabel.Orleans;
using Distilabel.Orleans.Hosting;
using Distilabel.Orleans.Workers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Distilabel.Cli.Cluster;

/// <summary>
/// <c>distilabel worker --cluster …</c>: a silo of a labelling cluster with its own LLM. It takes leases of every job
/// submitted with <c>label --cluster</c> and labels their rows until stopped (Ctrl-C gives its rows back at once).
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var cluster = new ClusterOptions();
        var llmOptions = new LlmOptions("Which LLM this worker labels with.");
        llmOptions.Llm.Required = true;
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "This worker's requests in flight.", DefaultValueFactory = _ => 4 };
        var name = new Option<string?>("--labeller-name") { Description = "The name written to labelling_model for this worker's rows (default: the model)." };
        OptionValues.AddRange(concurrency, 1, 4096);
        cluster.Cluster.Required = true;

        var command = new Command("worker", "Run a worker of a labelling cluster: a silo that labels rows of submitted jobs with its own LLM.");
        llmOptions.AddTo(command);
        command.Options.Add(concurrency);
        command.Options.Add(name);
        cluster.AddTo(command, worker: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new ConsoleReporter();
            try
            {
                var settings = cluster.Settings(parse)!;
                var llmSettings = llmOptions.Settings(parse, parse.GetValue(concurrency));

                // The LLM is checked before the silo joins: a worker that cannot label says so now, not per job.
                using (await LlmClients.CreateAsync(llmSettings, cancellationToken: cancellationToken))
                {
                }

                var builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
                // Orleans' start-up advice (server GC) is for long-lived services, not a worker started from a shell.
                builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
                builder.UseOrleans(silo => silo
                    .UseDistilabelCluster(settings)
                    .AddDistilabelWorker(w =>
                    {
                        w.Llm = llmSettings;
                        w.CompileTaskFile = CompileTaskFile;
                        w.Concurrency = parse.GetValue(concurrency);
                        w.LabellerName = parse.GetValue(name);
                    }));
                using var host = builder.Build();
                await host.StartAsync(cancellationToken);
                Console.WriteLine($"worker {settings.Address}:{settings.SiloPort} (gateway {settings.GatewayPort}) joined the cluster {parse.GetValue(cluster.Cluster)}; labelling with {llmSettings.Model ?? parse.GetValue(llmOptions.Llm)}, {parse.GetValue(concurrency)} requests in flight. Ctrl-C stops it.");
                Console.Out.Flush();
                await host.WaitForShutdownAsync(cancellationToken);
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is UsageException or LlmConfigurationException or ArgumentException)
            {
                console.Error(ErrorHints.Describe(e));
                return ExitCodes.Error;
            }
        });
        return command;
    }

    /// <summary>A job's task file, compiled here as <c>label --task FILE.cs</c> compiles it: one task per file.</summary>
    private static LlmTaskDefinition CompileTaskFile(string fileName, string source)
    {
        var tasks = TaskFile.FromSource(source, fileName);
        return tasks.Count == 1 ? tasks[0] : throw new WorkerMismatchException($"{fileName} declares {tasks.Count} tasks; declare one task per file");
    }
}

using System.CommandLine;
using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Orleans;
using Distilabel.Orleans.Hosting;
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
        var llm = new Option<string>("--llm") { Description = "Which LLM this worker labels with.", Required = true };
        llm.AcceptOnlyFromAmong("openai", "openai-compatible", "llamacpp");
        var model = new Option<string?>("--model", "-m") { Description = "Model name (openai, openai-compatible) or GGUF path (llamacpp)." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of an OpenAI-compatible server." };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable holding the API key (default: OPENAI_API_KEY for openai)." };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "This worker's requests in flight.", DefaultValueFactory = _ => 4 };
        var name = new Option<string?>("--labeller-name") { Description = "The name written to labelling_model for this worker's rows (default: the model)." };
        var timeout = new Option<double>("--request-timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var threads = new Option<int?>("--threads") { Description = "llamacpp: CPU threads." };
        OptionValues.AddRange(concurrency, 1, 4096);
        OptionValues.AddRange(timeout, 0.001, 86_400);
        cluster.Cluster.Required = true;

        var command = new Command("worker", "Run a worker of a labelling cluster: a silo that labels rows of submitted jobs with its own LLM.")
        {
            llm, model, baseUrl, apiKeyEnv, concurrency, name, timeout, threads,
        };
        cluster.AddTo(command, worker: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new ConsoleReporter();
            try
            {
                var settings = cluster.Settings(parse)!;
                var llmSettings = new LlmSettings
                {
                    Provider = parse.GetValue(llm) switch
                    {
                        "openai" => LlmProvider.OpenAI,
                        "openai-compatible" => LlmProvider.OpenAICompatible,
                        _ => LlmProvider.LlamaCpp,
                    },
                    Model = parse.GetValue(model),
                    BaseUrl = parse.GetValue(baseUrl),
                    ApiKeyEnvironmentVariable = parse.GetValue(apiKeyEnv),
                    RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    LlamaCppThreads = parse.GetValue(threads),
                    LlamaCppParallelism = parse.GetValue(concurrency),
                };

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
                        w.Concurrency = parse.GetValue(concurrency);
                        w.LabellerName = parse.GetValue(name);
                    }));
                using var host = builder.Build();
                await host.StartAsync(cancellationToken);
                Console.WriteLine($"worker {settings.Address}:{settings.SiloPort} (gateway {settings.GatewayPort}) joined the cluster {parse.GetValue(cluster.Cluster)}; labelling with {llmSettings.Model ?? parse.GetValue(llm)}, {parse.GetValue(concurrency)} requests in flight. Ctrl-C stops it.");
                Console.Out.Flush();
                await host.WaitForShutdownAsync(cancellationToken);
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is UsageException or LlmConfigurationException or ModelDownloadException or ArgumentException)
            {
                console.Error(ErrorHints.Describe(e));
                return ExitCodes.Error;
            }
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;

namespace Distilabel.Cli;

/// <summary><c>distilabel label</c>: label a dataset file with a task and an LLM.</summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "The task to run (see 'distilabel tasks').", DefaultValueFactory = _ => "helpsteer" };
        var input = new Option<string>("--input", "-i") { Description = "The dataset to label (.jsonl, .parquet or .csv).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the labelled dataset (.jsonl, .parquet or .csv); written atomically.", Required = true };
        var llm = new Option<string>("--llm") { Description = "Which LLM runs the task.", Required = true };
        llm.AcceptOnlyFromAmong("openai", "openai-compatible", "llamacpp");
        var model = new Option<string?>("--model", "-m") { Description = "Model name (openai, openai-compatible) or GGUF path (llamacpp; omit to download a small default model once)." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of an OpenAI-compatible server, e.g. http://localhost:8000/v1." };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable holding the API key (default: OPENAI_API_KEY for openai)." };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Requests in flight at once (distilabel's num_threads).", DefaultValueFactory = _ => 4 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Most tokens per answer.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0 = greedy).", DefaultValueFactory = _ => 0f };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed." };
        var limit = new Option<long?>("--limit") { Description = "Label only the first N rows." };
        var skipBadRows = new Option<bool>("--skip-bad-rows") { Description = "Skip unreadable input rows (e.g. a broken JSONL line) instead of stopping." };
        var timeout = new Option<double>("--request-timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var threads = new Option<int?>("--threads") { Description = "llamacpp: CPU threads per request." };

        AddRange(concurrency, 1, 4096);
        AddRange(maxNewTokens, 1, 1_000_000);
        AddRange(timeout, 0.001, 86_400);
        temperature.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<float>();
            if (value is < 0 or > 2 || float.IsNaN(value))
                result.AddError($"--temperature must be between 0 and 2 (got {value.ToString(CultureInfo.InvariantCulture)}).");
        });
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1 and var value)
                result.AddError($"--limit must be at least 1 (got {value}).");
        });
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value is < 1 or > 512)
                result.AddError($"--threads must be between 1 and 512 (got {value}).");
        });

        var command = new Command("label", "Label a dataset with an LLM judge (AI feedback).")
        {
            task, input, output, llm, model, baseUrl, apiKeyEnv, concurrency, maxNewTokens, temperature, seed, limit, skipBadRows, timeout, threads,
        };
        command.SetAction(async (parse, _) =>
        {
            var settings = new LlmSettings
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
                LlamaCppParallelism = 1,
            };
            var pipelineOptions = new PipelineOptions
            {
                Concurrency = parse.GetValue(concurrency),
                MaxNewTokens = parse.GetValue(maxNewTokens),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
            };
            var job = new LabelJobOptions
            {
                InputPath = parse.GetValue(input)!,
                OutputPath = parse.GetValue(output)!,
                Limit = parse.GetValue(limit),
                SkipBadRows = parse.GetValue(skipBadRows),
            };
            return await RunAsync(parse.GetValue(task)!, settings, pipelineOptions, job);
        });
        return command;
    }

    private static async Task<int> RunAsync(string taskName, LlmSettings settings, PipelineOptions pipelineOptions, LabelJobOptions job)
    {
        var console = new ConsoleReporter();
        using var interruption = new Interruption(console.Warn);
        try
        {
            var task = LlmTaskRegistry.Find(taskName)
                ?? throw new UsageException($"--task: unknown task '{taskName}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))}.");
            if (!File.Exists(job.InputPath))
                throw new UsageException($"--input: file not found: {job.InputPath}");

            using var client = await console.WithDownloadProgressAsync(progress => LlmClients.CreateAsync(settings, progress, interruption.Abort));
            var pipeline = new LabellingPipeline(task, client, pipelineOptions);
            var result = await console.WithRunProgressAsync(
                $"Labelling {Path.GetFileName(job.InputPath)} with {task.Descriptor.Name} on {pipeline.LabellerName}",
                progress => LabelJob.RunAsync(pipeline, job, progress, interruption.Drain, interruption.Abort));
            console.Summary(result);
            if (!result.Completed)
            {
                console.Error($"interrupted after {result.Rows} rows: {job.OutputPath} was not written.");
                return ExitCodes.Interrupted;
            }

            if (result.Failed > 0)
            {
                console.Error($"{result.Failed} of {result.Rows} rows were not labelled (see the labelling_error column of {job.OutputPath}).");
                return ExitCodes.RowsFailed;
            }

            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (interruption.Abort.IsCancellationRequested)
        {
            console.Error($"interrupted: {job.OutputPath} was not written.");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (IsUserError(exception))
        {
            console.Error(exception.Message);
            return ExitCodes.Error;
        }
    }

    private static bool IsUserError(Exception exception) => exception is UsageException or DatasetFormatException or LlmConfigurationException
        or PipelineAbortedException or ModelDownloadException or TaskInputException or FileNotFoundException or DirectoryNotFoundException
        or UnauthorizedAccessException or IOException or ArgumentException;

    private static void AddRange<T>(Option<T> option, T min, T max)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max} (got {value})."));
        });
    }
}

using System.CommandLine;
using System.Globalization;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Cli;

/// <summary><c>distilabel label</c>: label a dataset file with a task and an LLM.</summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "The task to run: a name (see 'distilabel tasks') or a .cs file declaring an [LlmTask] record.", DefaultValueFactory = _ => "helpsteer" };
        var taskParams = new Option<string[]>("--task-param") { Description = "A task parameter, KEY=VALUE (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var input = new DatasetInputOptions("The dataset to label.");
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
        var journal = new Option<string?>("--journal") { Description = "The run journal: every finished row is kept there as it completes (default: <output folder>/.distilabel/<output name>.journal.db)." };
        var resume = new Option<bool>("--resume") { Description = "Resume from the journal, skipping finished rows. This is the default whenever a journal made with the same task, model and options exists." };
        var fresh = new Option<bool>("--fresh") { Description = "Delete the journal and start over." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Reuse the journal's labelled rows but ask again the rows that ended with an error (the response cache is refreshed, not read)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not answer repeated requests from the response cache." };
        var cache = new Option<string?>("--cache") { Description = "The response cache: identical requests are answered from it at zero cost (default: <output folder>/.distilabel/cache.db)." };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "Attempts per request, the first included (transient errors are retried).", DefaultValueFactory = _ => 5 };
        var summaryJson = new Option<string?>("--summary-json") { Description = "Also write the run's summary (counts by kind of failure, journal, cache, retries, exit code) as JSON to this file." };
        var retryBaseDelay = new Option<int>("--retry-base-delay-ms") { Description = "Back-off before the first retry, in milliseconds; doubles each retry.", DefaultValueFactory = _ => 1000, Hidden = true };

        AddRange(concurrency, 1, 4096);
        AddRange(maxNewTokens, 1, 1_000_000);
        AddRange(timeout, 0.001, 86_400);
        AddRange(maxAttempts, 1, 100);
        AddRange(retryBaseDelay, 0, 600_000);
        temperature.Validators.Add(result =>
        {
            if (!TryGetValue<float>(result, out var value))
                return;
            if (value is < 0 or > 2 || float.IsNaN(value))
                result.AddError($"--temperature must be between 0 and 2 (got {value.ToString(CultureInfo.InvariantCulture)}).");
        });
        limit.Validators.Add(result =>
        {
            if (TryGetValue<long?>(result, out var value) && value is < 1)
                result.AddError($"--limit must be at least 1 (got {value}).");
        });
        threads.Validators.Add(result =>
        {
            if (TryGetValue<int?>(result, out var value) && value is < 1 or > 512)
                result.AddError($"--threads must be between 1 and 512 (got {value}).");
        });

        var command = new Command("label", "Label a dataset with an LLM judge (AI feedback).")
        {
            task, taskParams, output, llm, model, baseUrl, apiKeyEnv, concurrency, maxNewTokens, temperature, seed, limit, skipBadRows, timeout, threads,
            journal, resume, fresh, retryFailed, noCache, cache, maxAttempts, retryBaseDelay, summaryJson,
        };
        input.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.Errors.Any())
                return;
            if (result.GetValue(fresh) && result.GetValue(resume))
                result.AddError("--fresh and --resume contradict each other: --fresh deletes the journal that --resume continues.");
            if (result.GetValue(fresh) && result.GetValue(retryFailed))
                result.AddError("--fresh and --retry-failed contradict each other: --fresh deletes the journal whose failed rows --retry-failed asks again.");
            if (result.GetValue(noCache) && result.GetValue(cache) is not null)
                result.AddError("--no-cache and --cache contradict each other.");
        });
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
                MaxAttempts = parse.GetValue(maxAttempts),
            };
            var durability = new JobRunner.Durability(
                parse.GetValue(journal),
                parse.GetValue(fresh),
                parse.GetValue(retryFailed),
                parse.GetValue(noCache) ? null : parse.GetValue(cache) ?? "",
                TimeSpan.FromMilliseconds(parse.GetValue(retryBaseDelay)),
                parse.GetValue(summaryJson));
            var pipelineOptions = new PipelineOptions
            {
                Concurrency = parse.GetValue(concurrency),
                MaxNewTokens = parse.GetValue(maxNewTokens),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
            };
            var outputPath = parse.GetValue(output)!;
            var job = new LabelJobOptions
            {
                InputPath = parse.GetValue(input.Input)!,
                OutputPath = outputPath,
                Limit = parse.GetValue(limit),
                SkipBadRows = parse.GetValue(skipBadRows),
                JournalPath = durability.JournalPath ?? RunJournal.DefaultPathFor(outputPath),
                FreshJournal = durability.Fresh,
                RetryFailed = durability.RetryFailed,
            };
            return await RunAsync(parse.GetValue(task)!, parse.GetValue(taskParams) ?? [], settings, pipelineOptions, job, durability, ct => input.OpenAsync(parse, ct));
        });
        return command;
    }

    private static Task<int> RunAsync(
        string taskName, string[] taskParams, LlmSettings settings, PipelineOptions pipelineOptions, LabelJobOptions job, JobRunner.Durability durability, JobRunner.InputOpener openInput)
    {
        LlmTaskDefinition? task = null;
        return JobRunner.RunAsync(
            job,
            durability,
            openInput,
            async (llms, cancellationToken) =>
            {
                var pipeline = new LabellingPipeline(task!, await llms(settings, cancellationToken), pipelineOptions);
                return new JobRunner.Plan(pipeline.Flow, $"Labelling {JobRunner.InputName(job)} with {task!.Descriptor.Name} on {pipeline.LabellerName}", "labelling_error column")
                {
                    Facts = RunFacts.For(task.Descriptor, pipeline.RunKey, JobRunner.InputName(job)),
                };
            },
            check: () => task = TaskResolver.Resolve(taskName, taskParams));
    }

    /// <summary>The option's value, or false when it is not a valid value at all (the parser reports that itself).</summary>
    private static bool TryGetValue<T>(System.CommandLine.Parsing.OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static void AddRange<T>(Option<T> option, T min, T max)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGetValue<T>(result, out var value))
                return;
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max} (got {value})."));
        });
    }
}

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
        var task = new Option<string>("--task") { Description = "The task to run: a name (see 'distilabel tasks') or a .cs file declaring an [LlmTask] record.", DefaultValueFactory = _ => "helpsteer" };
        var taskParams = new Option<string[]>("--task-param") { Description = "A task parameter, KEY=VALUE (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var input = new DatasetInputOptions("The dataset to label.");
        var job = new JobOptions("Where to write the labelled dataset");
        var llmOptions = new LlmOptions("Which LLM runs the task (not with --cluster: each worker brings its own).");
        var llm = llmOptions.Llm;
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Requests in flight at once (distilabel's num_threads); for llamacpp, rows decoded together in one batch.", DefaultValueFactory = _ => 4 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Most tokens per answer.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0 = greedy).", DefaultValueFactory = _ => 0f };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed." };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "Attempts per request, the first included (transient errors are retried).", DefaultValueFactory = _ => 5 };

        OptionValues.AddRange(concurrency, 1, 4096);
        OptionValues.AddRange(maxNewTokens, 1, 1_000_000);
        OptionValues.AddRange(maxAttempts, 1, 100);
        temperature.Validators.Add(result =>
        {
            if (!OptionValues.TryGet<float>(result, out var value))
                return;
            if (value is < 0 or > 2 || float.IsNaN(value))
                result.AddError($"--temperature must be between 0 and 2 (got {value.ToString(CultureInfo.InvariantCulture)}).");
        });

        var command = new Command("label", "Label a dataset with an LLM judge (AI feedback).")
        {
            task, taskParams,
        };
        llmOptions.AddTo(command);
        foreach (var option in new Option[] { concurrency, maxNewTokens, temperature, seed, maxAttempts })
            command.Options.Add(option);
        input.AddTo(command);
        job.AddTo(command);
        var cluster = new Cluster.ClusterOptions();
        cluster.AddTo(command, worker: false);
        var batch = new BatchLabelOptions();
        batch.AddTo(command, llm);
        command.Validators.Add(result =>
        {
            if (result.GetResult(cluster.Cluster) is null && result.GetResult(llm) is null)
                result.AddError("Option '--llm' is required (or --cluster, to label on a cluster's workers).");
            if (result.GetResult(cluster.Cluster) is not null && (result.GetValue(batch.Batch) || result.GetValue(batch.NoWait)))
                result.AddError("--batch and --cluster cannot be combined: the Batch API labels the rows on OpenAI's side.");
        });
        command.SetAction(async (parse, _) =>
        {
            var settings = llmOptions.Settings(parse, parse.GetValue(concurrency), parse.GetValue(maxAttempts));
            var pipelineOptions = new PipelineOptions
            {
                Concurrency = parse.GetValue(concurrency),
                MaxNewTokens = parse.GetValue(maxNewTokens),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
            };
            // --batch: the OpenAI Batch API (BatchLabelJob) instead of online requests.
            if (batch.Options(parse) is { } batchOptions)
            {
                return await BatchRunner.RunAsync(
                    job.Job(parse, parse.GetValue(input.Input)!),
                    ct => input.OpenAsync(parse, ct),
                    batchOptions,
                    () => TaskResolver.Resolve(parse.GetValue(task)!, parse.GetValue(taskParams) ?? []),
                    settings,
                    pipelineOptions);
            }

            LlmTaskDefinition? resolved = null;
            if (parse.GetValue(cluster.Cluster) is not null)
                return await Cluster.ClusterLabel.RunAsync(parse, cluster, job, input, pipelineOptions, parse.GetValue(task)!, () => resolved = TaskResolver.Resolve(parse.GetValue(task)!, parse.GetValue(taskParams) ?? []), () => resolved!);
            return await JobRunner.RunAsync(
                job.Job(parse, parse.GetValue(input.Input)!),
                ct => input.OpenAsync(parse, ct),
                (options, hooks, drain, abort) => LabelJob.RunAsync(resolved!, settings, options, pipelineOptions, hooks, drain, abort),
                check: () => resolved = TaskResolver.Resolve(parse.GetValue(task)!, parse.GetValue(taskParams) ?? []));
        });
        return command;
    }
}

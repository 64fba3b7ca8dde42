using Distilabel.Orleans.Jobs;
using Distilabel.Pipeline;

namespace Distilabel.Orleans.Scheduling;

/// <summary>
/// The command line's <c>label --cluster</c> in one call: <see cref="LabelJob"/>'s job (output checked before any cost,
/// progress, summary, exit status) with its rows labelled by the cluster's workers, each with its own LLM.
/// </summary>
public static class ClusterLabelJob
{
    /// <summary>Labels <see cref="LabelJobOptions.InputPath"/> (a path or Hub address every worker reaches) on the cluster <paramref name="client"/> is connected to.</summary>
    /// <remarks>
    /// A task declared in a C# file (<paramref name="taskFile"/>) travels with the job: each worker compiles it
    /// (<see cref="WorkerOptions.CompileTaskFile"/>). Rows come back keyed by index and are written once each, in input order. With a journal
    /// (<see cref="LabelJobOptions.JournalPath"/>) the submitter makes each row durable before writing it, and a job
    /// run again after a stop leases only the rows the journal lacks. No response cache: the workers ask their LLMs.
    /// </remarks>
    public static Task<JobReport> RunAsync(
        IClusterClient client,
        LlmTaskDefinition task,
        LabelJobOptions options,
        PipelineOptions? pipeline = null,
        JobHooks? hooks = null,
        ClusterSchedulerOptions? follow = null,
        TaskFileSpec? taskFile = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        pipeline ??= new PipelineOptions();
        var scheduler = new ClusterRowScheduler(client, task, GenerationSpec.From(pipeline), InputSpec.From(options.InputPath, options.InputOptions, options.SkipBadRows), follow, taskFile);
        var job = options with { Scheduler = scheduler, ResponseCachePath = null };
        return DatasetJob.RunAsync(
            (_, _) =>
            {
                var labelling = new LabellingPipeline(task, new ClusterLabeller(), pipeline);
                return Task.FromResult(new JobPlan(labelling.Flow, $"Labelling {LabelJob.InputName(options)} with {task.Descriptor.Name} on the cluster's workers", "labelling_error column"));
            },
            job,
            hooks,
            drainToken,
            abortToken);
    }
}

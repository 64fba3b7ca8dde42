using System.CommandLine;
using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Scheduling;
using Distilabel.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Distilabel.Cli.Cluster;

/// <summary><c>distilabel label … --cluster …</c>: the same job, progress and summary, with the rows labelled by the cluster's workers.</summary>
internal static class ClusterLabel
{
    public static Task<int> RunAsync(ParseResult parse, ClusterOptions cluster, JobOptions job, DatasetInputOptions input, PipelineOptions pipeline, string taskArgument, Action resolveTask, Func<LlmTaskDefinition> task)
    {
        // A task file's source travels with the job: every worker compiles it.
        var taskFile = TaskResolver.IsFile(taskArgument) ? TaskFileSpec.Read(taskArgument) : null;
        var name = parse.GetValue(cluster.Cluster)!;
        return JobRunner.RunAsync(
            job.Job(parse, parse.GetValue(input.Input)!),
            ct => input.OpenAsync(parse, ct),
            async (options, hooks, drain, abort) =>
            {
                using var host = await ClusterOptions.ConnectAsync(cluster.Settings(parse)!, name, abort);
                try
                {
                    return await ClusterLabelJob.RunAsync(host.Services.GetRequiredService<IClusterClient>(), task(), options, pipeline, hooks, taskFile: taskFile, drainToken: drain, abortToken: abort);
                }
                catch (ClusterJobException e)
                {
                    throw new UsageException($"--cluster {name}: {e.Message}");
                }
                finally
                {
                    await host.StopAsync(CancellationToken.None);
                }
            },
            check: () =>
            {
                resolveTask();
            });
    }
}

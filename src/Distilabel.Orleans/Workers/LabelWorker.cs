using Distilabel.Llms;
using Distilabel.Orleans.Coordination;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Distilabel.Orleans.Workers;

/// <summary>
/// The worker of one silo, outside any grain turn: it looks for jobs on the board, takes a lease, labels its rows
/// with the silo's own LLM (<see cref="LeaseRun"/>) and takes the next, until no job has rows left to hand out.
/// </summary>
internal sealed class LabelWorker(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<WorkerOptions> options,
    ILogger<LabelWorker> log) : BackgroundService
{
    // Jobs this worker cannot label (its task is unknown here, its LLM is refused): it does not ask for them again.
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private IChatClient? _llm;
    private readonly CompiledTaskFiles _taskFiles = new(options.Value.CompileTaskFile);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Llm is null)
            return;
        var owner = silo.SiloAddress.ToParsableString();
        var board = grains.GetGrain<IJobBoardGrain>(0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var worked = false;
                try
                {
                    foreach (var jobId in await board.Active().ConfigureAwait(false))
                    {
                        if (_refused.Contains(jobId))
                            continue;
                        var job = grains.GetGrain<ILabelJobGrain>(jobId);
                        if (await job.Acquire(owner, settings.Concurrency).ConfigureAwait(false) is not { } assignment)
                            continue;
                        worked = true;
                        await RunAsync(job, jobId, owner, assignment, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The cluster is starting, or a silo just died: ask again after the idle wait.
                    log.LogDebug(e, "Worker {Owner}: no work this round", owner);
                }

                if (!worked)
                    await Task.Delay(settings.IdlePoll, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _llm?.Dispose();
        }
    }

    private async Task RunAsync(ILabelJobGrain job, string jobId, string owner, Assignment assignment, CancellationToken stoppingToken)
    {
        try
        {
            _llm ??= await LlmClients.CreateAsync(options.Value.Llm!, cancellationToken: stoppingToken).ConfigureAwait(false);
            var run = new LeaseRun(job, assignment, LeaseRun.Pipeline(assignment.Spec, _llm, options.Value, _taskFiles), options.Value.LeaseTimeout / 3);
            await run.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            _refused.Add(jobId);
            log.LogError("Worker {Owner} cannot label job {Job}: {Error}", owner, jobId, e.Message);
            await job.Release(assignment.Lease.Id, owner, e.Message).ConfigureAwait(false);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Anything else (the coordinator's silo died mid-call): give the rows back and ask again.
            await TryReleaseAsync(job, assignment, owner).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException)
        {
            // The silo stops: its rows go back to the pool now rather than after it is declared dead.
            await TryReleaseAsync(job, assignment, owner).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Errors that would fail every row of the job on this worker: a bad LLM configuration or a task this worker does not know.</summary>
    private static bool IsRefusal(Exception e)
        => e is Pipeline.PipelineAbortedException or LlmConfigurationException or WorkerMismatchException;

    private async Task TryReleaseAsync(ILabelJobGrain job, Assignment assignment, string owner)
    {
        try
        {
            await job.Release(assignment.Lease.Id, owner, null).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.LogDebug(e, "Worker {Owner}: could not release lease {Lease}; it is reclaimed when its silo is declared dead", owner, assignment.Lease.Id);
        }
    }
}

using Distilabel.Orleans.Jobs;
using Distilabel.Orleans.Results;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;

namespace Distilabel.Orleans.Coordination;

/// <summary>
/// The coordinator of one job: a lease table in grain storage, so a coordinator reactivated on another silo (its own
/// silo died) carries on from it. Leases of silos the cluster declared dead, or silent past the lease timeout, are
/// taken back whenever a worker asks for work or the submitter follows the job.
/// </summary>
internal sealed class LabelJobGrain(
    [PersistentState("job", ClusterStorage.Name)] IPersistentState<JobState> state,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IOptions<WorkerOptions> options,
    ILogger<LabelJobGrain> log) : Grain, ILabelJobGrain
{
    // Where workers deliver: the submitter says it on every follow, so it is never stored.
    private IRowSink? _sink;

    private LeaseTable Table => state.State.Table;

    public async Task Start(ClusterJobSpec spec, List<RowSpan>? ranges)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is not null)
            return;
        state.State = new JobState
        {
            Spec = spec,
            Table = LeaseTable.Over(ranges?.Select(r => (r.Start, r.End)) ?? [(0, spec.Rows)]),
        };
        await SaveAsync().ConfigureAwait(true);
    }

    public async Task<JobProgress> Follow(IRowSink sink)
    {
        _sink = sink;
        if (state.State.Spec is null)
            return new JobProgress(false, 0, 0, 0, 0, null);
        if (Reclaim())
            await SaveAsync().ConfigureAwait(true);
        return new JobProgress(true, Table.Remaining, Table.Ranges.Count(r => r.LeaseId is not null), Table.Steals, Table.RowsReclaimed, Failure());
    }

    public async Task<Assignment?> Acquire(string owner, int window)
    {
        if (state.State.Spec is not { } spec || _sink is not { } sink || state.State.FailedWorkers.ContainsKey(owner))
            return null;
        var changed = Reclaim();
        var lease = Table.Acquire(owner, window, DateTime.UtcNow);
        if (lease is not null || changed)
            await SaveAsync().ConfigureAwait(true);
        return lease is null ? null : new Assignment(spec, lease, sink);
    }

    public async Task<LeaseUpdate> Checkpoint(Guid leaseId, long cursor)
    {
        if (state.State.Spec is null)
            return LeaseUpdate.Lost;
        var update = Table.Checkpoint(leaseId, cursor, DateTime.UtcNow);
        if (update.Held)
            await SaveAsync().ConfigureAwait(true);
        return update;
    }

    public async Task Release(Guid leaseId, string owner, string? error)
    {
        if (state.State.Spec is null)
            return;
        var released = Table.Release(leaseId);
        if (error is not null)
        {
            state.State.FailedWorkers[owner] = error;
            log.LogWarning("Worker {Owner} cannot label job {Job}: {Error}", owner, this.GetPrimaryKeyString(), error);
        }

        if (released || error is not null)
            await SaveAsync().ConfigureAwait(true);
    }

    public async Task Finish()
    {
        await state.ClearStateAsync().ConfigureAwait(true);
        _sink = null;
        DeactivateOnIdle();
    }

    public Task<string> Host() => Task.FromResult(silo.SiloAddress.ToParsableString());

    private bool Reclaim()
    {
        var snapshot = membership.CurrentSnapshot;
        var freed = Table.Reclaim(
            owner => snapshot.GetSiloStatus(SiloAddress.FromParsableString(owner)) == SiloStatus.Dead,
            DateTime.UtcNow,
            options.Value.LeaseTimeout);
        if (freed > 0)
            log.LogInformation("Job {Job}: {Rows} rows of lost workers go back to the pool", this.GetPrimaryKeyString(), freed);
        return freed > 0;
    }

    /// <summary>When every live silo said it cannot label the job, why; else null.</summary>
    private string? Failure()
    {
        var failed = state.State.FailedWorkers;
        if (failed.Count == 0)
            return null;
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToList();
        if (active.Count == 0 || !active.All(failed.ContainsKey))
            return null;
        return "no worker can label the job: " + string.Join("; ", failed.Select(f => $"{f.Key}: {f.Value}"));
    }

    /// <summary>Writes the table; when the store lost our version (its own holder died), writes it again over whatever is there.</summary>
    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (InconsistentStateException)
        {
            var mine = state.State;
            await state.ReadStateAsync().ConfigureAwait(true);
            state.State = mine;
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }
}

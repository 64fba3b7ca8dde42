namespace Distilabel.Orleans.Coordination;

/// <summary>The jobs in progress, in grain storage.</summary>
internal sealed class JobBoardGrain([PersistentState("board", ClusterStorage.Name)] IPersistentState<JobBoardState> state) : Grain, IJobBoardGrain
{
    public async Task Register(string jobId)
    {
        if (state.State.Jobs.Contains(jobId))
            return;
        state.State.Jobs.Add(jobId);
        await SaveAsync().ConfigureAwait(true);
    }

    public async Task Unregister(string jobId)
    {
        if (state.State.Jobs.Remove(jobId))
            await SaveAsync().ConfigureAwait(true);
    }

    public Task<List<string>> Active() => Task.FromResult(state.State.Jobs.ToList());

    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (global::Orleans.Storage.InconsistentStateException)
        {
            var jobs = state.State.Jobs;
            await state.ReadStateAsync().ConfigureAwait(true);
            state.State.Jobs = [.. state.State.Jobs.Union(jobs)];
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }
}

/// <summary>The board's stored state.</summary>
[GenerateSerializer, Alias("distilabel.job-board-state")]
public sealed class JobBoardState
{
    [Id(0)] public List<string> Jobs { get; set; } = [];
}

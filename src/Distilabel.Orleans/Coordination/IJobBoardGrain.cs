namespace Distilabel.Orleans.Coordination;

/// <summary>The jobs in progress, where idle workers look for work (one board per cluster, key 0).</summary>
[Alias("distilabel.job-board")]
public interface IJobBoardGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a job (again: the submitter repeats it, so a board that lost its state learns it back).</summary>
    [Alias("register")]
    Task Register(string jobId);

    /// <summary>Removes a job.</summary>
    [Alias("unregister")]
    Task Unregister(string jobId);

    /// <summary>The jobs in progress.</summary>
    [Alias("active")]
    Task<List<string>> Active();
}

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// The requests one LLM may have in flight at once (a step's, or a pool member's), and whether the LLM is out of the run:
/// a pool member whose key was rejected gets no further request.
/// </summary>
internal sealed class RequestSlots(int concurrency, string? poolMember = null)
{
    private RowError? _outOfService;

    public SemaphoreSlim Semaphore { get; } = new(concurrency, concurrency);

    /// <summary>The pool member's name, when these are a pool member's slots.</summary>
    public string? PoolMember => poolMember;

    /// <summary>The configuration error that put the LLM out of the run, if any (set inside a slot, so no waiter misses it).</summary>
    public RowError? OutOfService
    {
        get => Volatile.Read(ref _outOfService);
        set => Interlocked.CompareExchange(ref _outOfService, value, null);
    }
}

namespace Distilabel.Pipeline;

/// <summary>Retries by kind of failure over every LLM of a job (thread-safe).</summary>
internal sealed class RetryTally
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string kind)
    {
        lock (_counts)
            _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
    }

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        lock (_counts)
            return new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);
    }
}

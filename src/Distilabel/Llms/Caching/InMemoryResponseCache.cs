using System.Collections.Concurrent;

namespace Distilabel.Llms.Caching;

/// <summary>A response cache in memory, for one process (tests, notebooks).</summary>
public sealed class InMemoryResponseCache : IResponseCache
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    /// <summary>Entries stored.</summary>
    public int Count => _values.Count;

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_values.TryGetValue(key, out var value) ? value : null);

    /// <inheritdoc />
    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        _values[key] = value;
        return ValueTask.CompletedTask;
    }
}

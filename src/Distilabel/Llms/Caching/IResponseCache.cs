namespace Distilabel.Llms.Caching;

/// <summary>
/// Where <see cref="ResponseCachingChatClient"/> keeps answers, as opaque values under hashed keys. Implementations:
/// <see cref="SqliteResponseCache"/> (durable, shared by processes) and <see cref="InMemoryResponseCache"/>.
/// Calls come from many threads.
/// </summary>
public interface IResponseCache
{
    /// <summary>The value stored under <paramref name="key"/>, or null.</summary>
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> (replacing any earlier value).</summary>
    ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default);
}

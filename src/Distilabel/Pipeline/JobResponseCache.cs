using Distilabel.Llms.Caching;

namespace Distilabel.Pipeline;

/// <summary>
/// A job's SQLite response cache, opened at the first request (so a job that cannot start leaves no file behind).
/// If it cannot be opened the job goes on without it, with a warning: a cache saves money, it is never needed.
/// </summary>
internal sealed class JobResponseCache : IResponseCache, IDisposable
{
    private readonly Lazy<SqliteResponseCache?> _cache;

    public JobResponseCache(string path, Action<string>? warn)
    {
        Path = System.IO.Path.GetFullPath(path);
        _cache = new Lazy<SqliteResponseCache?>(() =>
        {
            try
            {
                return SqliteResponseCache.Open(Path);
            }
            catch (IOException e)
            {
                warn?.Invoke($"The response cache is off for this run: {e.Message}");
                return null;
            }
        });
    }

    public string Path { get; }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
        => _cache.Value is { } cache ? cache.GetAsync(key, cancellationToken) : ValueTask.FromResult<byte[]?>(null);

    public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
        => _cache.Value is { } cache ? cache.SetAsync(key, value, cancellationToken) : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_cache.IsValueCreated)
            _cache.Value?.Dispose();
    }
}

using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Distilabel.Llms.Caching;

/// <summary>
/// Answers a request it has seen before (same provider, model, messages and options, grammar and response format
/// included) from an <see cref="IResponseCache"/>, at zero cost: the cached answer reports zero tokens and carries
/// <see cref="CachedProperty"/> = true in <see cref="ChatResponse.AdditionalProperties"/>. Only successful answers are
/// stored; failures always reach the server. Put it outermost (outside retries and timeouts).
/// </summary>
/// <example><code>
/// using var cache = SqliteResponseCache.Open("responses.db");
/// IChatClient judge = OpenAIChatClients.CreateCompatible(url, model).AsBuilder()
///     .UseResponseCache(cache).UseRetry().UseRequestTimeout(TimeSpan.FromMinutes(2)).Build();
/// </code></example>
public sealed class ResponseCachingChatClient : CachingChatClient
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key set (to true) on answers served from the cache.</summary>
    public const string CachedProperty = "distilabel.cached";

    private const string KeyVersion = "distilabel-response-cache/1";
    private static readonly JsonSerializerOptions Json = AIJsonUtilities.DefaultOptions;

    private readonly IResponseCache _cache;
    private readonly ResponseCacheOptions _options;
    private readonly string _scope;
    private long _hits;
    private long _misses;
    private long _writes;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public ResponseCachingChatClient(IChatClient innerClient, IResponseCache cache, ResponseCacheOptions? options = null)
        : base(innerClient)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _options = options ?? new ResponseCacheOptions();
        var metadata = innerClient.GetService<ChatClientMetadata>();
        _scope = string.Join("\n", metadata?.ProviderName, metadata?.ProviderUri?.ToString(), metadata?.DefaultModelId, _options.Scope);
    }

    /// <summary>Requests answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Requests the cache could not answer (sent on).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Answers stored.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>The key of a request (a hash: the cache never holds the request itself).</summary>
    public string KeyFor(IEnumerable<ChatMessage> messages, ChatOptions? options) => GetCacheKey(messages, options);

    /// <inheritdoc />
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        var values = new object?[3 + additionalValues.Length];
        values[0] = KeyVersion + "\n" + _scope;
        values[1] = messages as IList<ChatMessage> ?? messages.ToList();
        values[2] = options;
        additionalValues.CopyTo(values.AsSpan(3));
        return AIJsonUtilities.HashDataToString(values, Json);
    }

    /// <inheritdoc />
    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        if (_options.Read && await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } bytes)
        {
            ChatResponse? response = null;
            try
            {
                response = JsonSerializer.Deserialize<ChatResponse>(bytes, Json);
            }
            catch (JsonException)
            {
                // A damaged entry is a miss.
            }

            if (response is not null)
            {
                Interlocked.Increment(ref _hits);
                response.Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 };
                (response.AdditionalProperties ??= [])[CachedProperty] = true;
                return response;
            }
        }

        Interlocked.Increment(ref _misses);
        return null;
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken)
    {
        if (_options.Read && await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } bytes)
        {
            try
            {
                if (JsonSerializer.Deserialize<List<ChatResponseUpdate>>(bytes, Json) is { } updates)
                {
                    Interlocked.Increment(ref _hits);
                    foreach (var update in updates)
                    {
                        update.Contents = [.. update.Contents.Where(c => c is not UsageContent)];
                        (update.AdditionalProperties ??= [])[CachedProperty] = true;
                    }

                    return updates;
                }
            }
            catch (JsonException)
            {
                // A damaged entry is a miss.
            }
        }

        Interlocked.Increment(ref _misses);
        return null;
    }

    /// <inheritdoc />
    protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
    {
        if (!_options.Write || !_options.ShouldCache(value))
            return;
        await _cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Json), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _writes);
    }

    /// <inheritdoc />
    protected override async Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken)
    {
        if (!_options.Write || !_options.ShouldCache(value.ToChatResponse()))
            return;
        await _cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Json), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _writes);
    }
}

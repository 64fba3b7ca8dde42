using Microsoft.Extensions.AI;

namespace Distilabel.Llms.Caching;

/// <summary>Settings of <see cref="ResponseCachingChatClient"/>.</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>Answer from the cache when it holds the request (default true). False: always ask, but still store (refresh).</summary>
    public bool Read { get; set; } = true;

    /// <summary>Store new answers (default true).</summary>
    public bool Write { get; set; } = true;

    /// <summary>
    /// Which answers are worth keeping. Default: every answer with text that was not cut by a content filter
    /// (so asking again after a filtered or empty answer really asks again).
    /// </summary>
    public Func<ChatResponse, bool> ShouldCache { get; set; } = DefaultShouldCache;

    /// <summary>
    /// Extra text that separates caches of otherwise identical requests (e.g. a server's identity when its model name
    /// says nothing). The inner client's provider name, URI and default model are always part of the key.
    /// </summary>
    public string? Scope { get; set; }

    /// <summary>The default <see cref="ShouldCache"/>.</summary>
    public static bool DefaultShouldCache(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.FinishReason != ChatFinishReason.ContentFilter && !string.IsNullOrEmpty(response.Text);
    }
}

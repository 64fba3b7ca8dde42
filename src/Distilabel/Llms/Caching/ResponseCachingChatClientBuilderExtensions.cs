using Microsoft.Extensions.AI;

namespace Distilabel.Llms.Caching;

/// <summary>Adds <see cref="ResponseCachingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class ResponseCachingChatClientBuilderExtensions
{
    /// <summary>Answers repeated requests from <paramref name="cache"/> at zero cost. Add it first (outermost).</summary>
    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder, IResponseCache cache, Action<ResponseCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cache);
        var options = new ResponseCacheOptions();
        configure?.Invoke(options);
        return builder.Use(inner => new ResponseCachingChatClient(inner, cache, options));
    }
}

using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>Adds <see cref="TimeoutChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class TimeoutChatClientBuilderExtensions
{
    /// <summary>Limits each request to <paramref name="timeout"/>; an elapsed limit throws <see cref="LlmTimeoutException"/>.</summary>
    public static ChatClientBuilder UseRequestTimeout(this ChatClientBuilder builder, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new TimeoutChatClient(inner, timeout, timeProvider));
    }
}

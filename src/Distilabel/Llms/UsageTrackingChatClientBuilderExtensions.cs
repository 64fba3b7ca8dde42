using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>Adds <see cref="UsageTrackingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class UsageTrackingChatClientBuilderExtensions
{
    /// <summary>Adds every request and its token usage to <paramref name="counter"/>.</summary>
    public static ChatClientBuilder UseUsageTracking(this ChatClientBuilder builder, UsageCounter counter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(counter);
        return builder.Use(inner => new UsageTrackingChatClient(inner, counter));
    }
}

using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>Adds <see cref="RetryingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class RetryingChatClientBuilderExtensions
{
    /// <summary>Retries transient failures with exponential back-off, jitter and <c>Retry-After</c>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the default <see cref="RetryOptions"/>.</param>
    public static ChatClientBuilder UseRetry(this ChatClientBuilder builder, Action<RetryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RetryOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.Use(inner => new RetryingChatClient(inner, options));
    }
}

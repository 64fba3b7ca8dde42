using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Adds each request and its reported token usage to a <see cref="UsageCounter"/>. Placed outside
/// <see cref="RetryingChatClient"/> it counts logical requests; inside it, every attempt.
/// </summary>
public sealed class UsageTrackingChatClient : DelegatingChatClient
{
    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public UsageTrackingChatClient(IChatClient innerClient, UsageCounter counter)
        : base(innerClient)
    {
        Counter = counter ?? throw new ArgumentNullException(nameof(counter));
    }

    /// <summary>Where the totals go.</summary>
    public UsageCounter Counter { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Counter.AddFailure();
            throw;
        }

        Counter.AddSuccess(response.Usage);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var usage = new UsageDetails();
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        break;
                    update = enumerator.Current;
                }
                catch
                {
                    Counter.AddFailure();
                    throw;
                }

                foreach (var content in update.Contents)
                {
                    if (content is UsageContent usageContent)
                        usage.Add(usageContent.Details);
                }

                yield return update;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }

        Counter.AddSuccess(usage);
    }
}

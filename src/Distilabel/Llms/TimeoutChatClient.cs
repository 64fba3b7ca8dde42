using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Gives each request a time limit. When it elapses the request is cancelled and an <see cref="LlmTimeoutException"/>
/// (transient, so retried by <see cref="RetryingChatClient"/>) is thrown; the caller's token is never cancelled, and a
/// cancellation by the caller still surfaces as <see cref="OperationCanceledException"/>. For a streaming request
/// the limit covers the whole stream.
/// </summary>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public TimeoutChatClient(IChatClient innerClient, TimeSpan timeout, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive (or infinite).");
        RequestTimeout = timeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The per-request limit.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (RequestTimeout == Timeout.InfiniteTimeSpan)
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);

        if (_timeProvider == TimeProvider.System)
        {
            // One source per request, not a timer source plus a linked one: when it is cancelled and the caller's token
            // is not, the limit elapsed.
            using var source = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
            source.CancelAfter(RequestTimeout);
            try
            {
                return await base.GetResponseAsync(messages, options, source.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (source.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is not LlmTimeoutException)
            {
                throw new LlmTimeoutException(RequestTimeout, ex as OperationCanceledException);
            }
        }

        using var timeout = new CancellationTokenSource(RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is not LlmTimeoutException)
        {
            throw new LlmTimeoutException(RequestTimeout, ex as OperationCanceledException);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (RequestTimeout == Timeout.InfiniteTimeSpan)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
                yield return update;
            yield break;
        }

        using var timeout = new CancellationTokenSource(RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var enumerator = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        yield break;
                    update = enumerator.Current;
                }
                catch (Exception ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is not LlmTimeoutException)
                {
                    throw new LlmTimeoutException(RequestTimeout, ex as OperationCanceledException);
                }

                yield return update;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}

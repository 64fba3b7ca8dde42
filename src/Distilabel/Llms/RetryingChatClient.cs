using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Retries transient failures (408, 429, 500, 502, 503, 504, timeouts, dropped connections, truncated answers)
/// with exponential back-off and jitter, and waits as long as a server's <c>Retry-After</c> asks on 429/503.
/// Never retries 400/401/403/404 or a caller's cancellation. When every attempt fails it throws
/// <see cref="LlmRetriesExhaustedException"/> naming the attempts and the last reason; a non-transient failure
/// is rethrown as is. A streaming request is retried only until its first update arrives.
/// </summary>
/// <remarks>Put it outside <see cref="TimeoutChatClient"/> so each attempt gets its own timeout.</remarks>
public sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly RetryOptions _options;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public RetryingChatClient(IChatClient innerClient, RetryOptions? options = null)
        : base(innerClient)
    {
        _options = options ?? new RetryOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = NextDelay(ex, attempt, out _);
                if (delay is null)
                    throw;
                await Task.Delay(delay.Value, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var enumerator = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            ChatResponseUpdate? first = null;
            TimeSpan? delay = null;
            try
            {
                try
                {
                    if (await enumerator.MoveNextAsync().ConfigureAwait(false))
                        first = enumerator.Current;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    delay = NextDelay(ex, attempt, out _);
                    if (delay is null)
                        throw;
                }

                if (delay is null)
                {
                    if (first is null)
                        yield break;
                    yield return first;
                    while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                        yield return enumerator.Current;
                    yield break;
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            await Task.Delay(delay.Value, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before the next attempt, or null to stop (and rethrow or give up).</summary>
    private TimeSpan? NextDelay(Exception exception, int attempt, out LlmError error)
    {
        error = _options.Classifier(exception);
        if (!error.IsTransient)
            return null;
        if (attempt >= _options.MaxAttempts)
            throw new LlmRetriesExhaustedException(attempt, error, exception);

        var delay = error.RetryAfter is { } retryAfter
            ? (retryAfter > _options.MaxRetryAfter ? _options.MaxRetryAfter : retryAfter)
            : _options.Backoff(attempt);
        _options.OnRetry?.Invoke(new RetryAttempt(attempt, error, delay));
        return delay;
    }
}

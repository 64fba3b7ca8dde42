using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Distilabel.Pipeline.Scheduling;

/// <summary>
/// Runs an asynchronous function over a stream, many items at once, and yields the results in input order. At most
/// <c>window</c> items are started but not yet yielded, so memory is bounded by the window, never by the stream; a
/// slow item holds back only the results after it. How many requests run at once is up to the function (request slots).
/// </summary>
internal static class OrderedWindow
{
    /// <summary>Runs <paramref name="process"/> over <paramref name="source"/>, numbering items from 0.</summary>
    /// <param name="source">The items.</param>
    /// <param name="process">Computes one item; its token is cancelled when the consumer stops early or the run aborts.</param>
    /// <param name="window">Items started but not yet yielded, at most.</param>
    /// <param name="policy">The run's abort policy: after an abort, its exception is thrown instead of a cancellation.</param>
    /// <param name="drainToken">Stop reading; items already started finish and are yielded.</param>
    /// <param name="cancellationToken">Stop at once.</param>
    public static async IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(
        IAsyncEnumerable<TIn> source,
        Func<long, TIn, CancellationToken, Task<TOut>> process,
        int window,
        AbortPolicy policy,
        CancellationToken drainToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Leaving early cancels this window's work only: the steps after it may still be finishing theirs.
        using var local = CancellationTokenSource.CreateLinkedTokenSource(policy.Token, cancellationToken);
        var pending = Channel.CreateBounded<Task<TOut>>(new BoundedChannelOptions(window) { SingleReader = true, SingleWriter = true });
        var producer = ProduceAsync(source, process, pending.Writer, policy, drainToken, local.Token);
        try
        {
            while (true)
            {
                TOut result;
                try
                {
                    if (!await pending.Reader.WaitToReadAsync(local.Token).ConfigureAwait(false))
                        break;
                    if (!pending.Reader.TryRead(out var next))
                        continue;
                    result = await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (policy.Reason is { } reason)
                {
                    throw reason;
                }

                yield return result;
            }

            await producer.ConfigureAwait(false);
        }
        finally
        {
            await local.CancelAsync().ConfigureAwait(false);
            await DrainAsync(pending.Reader, producer).ConfigureAwait(false);
        }
    }

    private static async Task ProduceAsync<TIn, TOut>(
        IAsyncEnumerable<TIn> source,
        Func<long, TIn, CancellationToken, Task<TOut>> process,
        ChannelWriter<Task<TOut>> pending,
        AbortPolicy policy,
        CancellationToken drainToken,
        CancellationToken token)
    {
        await Task.Yield();
        try
        {
            long index = 0;
            await foreach (var item in source.WithCancellation(token).ConfigureAwait(false))
            {
                if (drainToken.IsCancellationRequested)
                    break;
                // Started on this thread, no hop: it runs until its first wait (a request slot, the LLM), then reading goes on.
                await pending.WriteAsync(StartAsync(process, index++, item, token), token).ConfigureAwait(false);
            }

            pending.TryComplete();
        }
        catch (Exception exception)
        {
            pending.TryComplete(exception is OperationCanceledException && policy.Reason is { } reason ? reason : exception);
        }
    }

    private static Task<TOut> StartAsync<TIn, TOut>(Func<long, TIn, CancellationToken, Task<TOut>> process, long index, TIn item, CancellationToken token)
    {
        try
        {
            return process(index, item, token);
        }
        catch (Exception exception)
        {
            // A synchronous throw belongs to the item, as an asynchronous one would.
            return Task.FromException<TOut>(exception);
        }
    }

    private static async Task DrainAsync<TOut>(ChannelReader<Task<TOut>> reader, Task producer)
    {
        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already surfaced through the channel.
        }

        while (reader.TryRead(out var pending))
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Cancelled or aborted items are not returned; a resumed run computes them again.
            }
        }
    }
}

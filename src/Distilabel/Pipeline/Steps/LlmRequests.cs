using Distilabel.Llms;
using Distilabel.Pipeline.Scheduling;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// Sends one LLM request inside a request slot and turns every outcome into an <see cref="LlmAnswer"/>: usage is
/// counted, a failure becomes a typed <see cref="RowError"/>, and an error that would hit every row trips the run's
/// <see cref="AbortPolicy"/> (the only case that throws, besides cancellation).
/// </summary>
internal sealed class LlmRequests(RunStatistics statistics, AbortPolicy policy)
{
    public RunStatistics Statistics => statistics;

    public AbortPolicy Policy => policy;

    /// <param name="index">The row, for the abort message.</param>
    /// <param name="slots">The request slots of the step (or pool member) that asks.</param>
    /// <param name="client">The LLM.</param>
    /// <param name="messages">The chat.</param>
    /// <param name="options">Generation options (cloned per request).</param>
    /// <param name="timeout">A bound on the whole request, retries included (a stalled pool member); null for none.</param>
    /// <param name="abortOnConfiguration">
    /// Whether a configuration error stops the run; false (a pool member): it fails this request and puts the LLM out of
    /// service, so its later requests fail at once with the same error.
    /// </param>
    /// <param name="usage">The row's token count, if kept.</param>
    /// <param name="cancellationToken">Cancels the request (the run stops).</param>
    public async Task<LlmAnswer> AskAsync(
        long index,
        RequestSlots slots,
        IChatClient client,
        IList<ChatMessage> messages,
        ChatOptions options,
        TimeSpan? timeout,
        bool abortOnConfiguration,
        RowUsage? usage,
        CancellationToken cancellationToken)
    {
        await slots.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // A slot freed by a cancelled or rejected request may reach a waiter before its own cancellation does: the
            // abort's callbacks (which cancel each row's token) may still be running on another thread, so the policy's
            // own token, cancelled first, is checked too.
            cancellationToken.ThrowIfCancellationRequested();
            policy.Token.ThrowIfCancellationRequested();
            if (slots.OutOfService is { } outOfService)
                return new LlmAnswer(null, outOfService);
            if (timeout is { } limit)
                deadline!.CancelAfter(limit);
            var response = await client.GetResponseAsync(messages, options.Clone(), deadline?.Token ?? cancellationToken).ConfigureAwait(false);
            statistics.AddUsage(response.Usage);
            usage?.Add(response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
            return response.FinishReason == ChatFinishReason.ContentFilter
                ? new LlmAnswer(response.Text, RowError.ContentFiltered())
                : new LlmAnswer(response.Text, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || policy.Token.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline is { IsCancellationRequested: true })
        {
            var reason = $"no answer within {LlmTimeoutException.FormatTimeout(timeout!.Value)}";
            return new LlmAnswer(null, new RowError(RowErrorKind.Request, reason, reason) { Category = LlmErrorCategory.Transient });
        }
        catch (Exception exception)
        {
            var error = LlmErrors.Classify(exception);
            var rowError = RowError.FromLlm(error);
            if (AbortPolicy.Stops(error))
            {
                if (abortOnConfiguration)
                    throw await policy.TripAsync(index, error, exception).ConfigureAwait(false);
                slots.OutOfService = rowError with { Detail = $"pool member '{slots.PoolMember}': {rowError.Detail}" };
                return new LlmAnswer(null, slots.OutOfService);
            }

            return new LlmAnswer(null, rowError);
        }
        finally
        {
            slots.Semaphore.Release();
        }
    }
}

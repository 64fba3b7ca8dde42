using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// Polls a job's batches until every one is finished, with backoff: the pause starts at
/// <see cref="BatchOptions.PollInterval"/>, grows by half after each poll without progress, back to the start after
/// progress, never beyond <see cref="BatchOptions.MaxPollInterval"/>. A poll the server fails for a passing reason keeps
/// the batch's last state. Each poll's states are journaled and reported.
/// </summary>
internal static class BatchPoller
{
    /// <summary>The batches' states once all are finished (or after one poll without <paramref name="wait"/>); null when stopped by a token.</summary>
    public static async Task<IReadOnlyList<BatchState>?> PollAsync(
        BatchService service, BatchJournal journal, IReadOnlyList<BatchRecord> batches, BatchOptions options, bool wait, CancellationToken drainToken, CancellationToken abortToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(drainToken, abortToken);
        var last = new Dictionary<string, BatchState>(StringComparer.Ordinal);
        var delay = options.PollInterval;
        while (true)
        {
            var progressed = false;
            foreach (var batch in batches)
            {
                if (last.TryGetValue(batch.Hash, out var known) && known.IsTerminal)
                    continue;
                BatchState state;
                try
                {
                    state = await service.GetAsync(batch.BatchId!, abortToken).ConfigureAwait(false);
                }
                catch (BatchServiceException e) when (e.Error.IsTransient && known is not null)
                {
                    continue;
                }

                if (known is null || known.Status != state.Status || known.Completed + known.Failed != state.Completed + state.Failed)
                {
                    progressed = true;
                    journal.UpdateStatus(batch.Hash, state.Status);
                }

                last[batch.Hash] = state;
            }

            var states = batches.Select(b => last[b.Hash]).ToList();
            options.Progress?.Report(new BatchProgress(states));
            if (!wait || states.All(s => s.IsTerminal))
                return states;

            delay = progressed ? options.PollInterval : Min(TimeSpan.FromTicks(delay.Ticks * 3 / 2), options.MaxPollInterval);
            try
            {
                await Task.Delay(delay, options.TimeProvider, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                abortToken.ThrowIfCancellationRequested();
                return null;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

using Distilabel.Llms;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// Manages the batches recorded in a run journal (the command line's <c>distilabel batch list|status|cancel|clean</c>):
/// list them from the journal alone, ask the server how far they are, cancel the ones still running, or delete the
/// files of the ones already collected. A cancelled batch is collected by the next run of its job: what it answered is
/// kept, the rest are failed rows.
/// </summary>
public static class BatchManager
{
    /// <summary>The batches of the journal at <paramref name="journalPath"/>, oldest first, from the journal alone.</summary>
    /// <exception cref="RunJournalException">No journal there, or a run holds it.</exception>
    public static IReadOnlyList<BatchSummary> List(string journalPath)
    {
        using var journal = BatchJournal.OpenFile(journalPath);
        return Summaries(journal, _ => null);
    }

    /// <summary>The batches with their state on the server (journaled as the last known status).</summary>
    /// <exception cref="BatchServiceException">The server cannot be asked.</exception>
    public static async Task<IReadOnlyList<BatchSummary>> StatusAsync(string journalPath, LlmSettings llm, CancellationToken cancellationToken = default)
    {
        var service = BatchService.Create(llm);
        using var journal = BatchJournal.OpenFile(journalPath);
        var states = new Dictionary<string, BatchState>(StringComparer.Ordinal);
        foreach (var record in journal.All().Where(b => b.BatchId is not null))
        {
            var state = await service.GetAsync(record.BatchId!, cancellationToken).ConfigureAwait(false);
            journal.UpdateStatus(record.Hash, state.Status);
            states[record.Hash] = state;
        }

        return Summaries(journal, r => states.GetValueOrDefault(r.Hash));
    }

    /// <summary>Asks the server to cancel every batch of the journal that is still running; returns those it cancelled.</summary>
    /// <exception cref="BatchServiceException">The server cannot be asked.</exception>
    public static async Task<IReadOnlyList<BatchState>> CancelAsync(string journalPath, LlmSettings llm, CancellationToken cancellationToken = default)
    {
        var service = BatchService.Create(llm);
        using var journal = BatchJournal.OpenFile(journalPath);
        var cancelled = new List<BatchState>();
        foreach (var record in journal.Live())
        {
            var state = await service.GetAsync(record.BatchId!, cancellationToken).ConfigureAwait(false);
            if (state.Status is "validating" or "in_progress")
                state = await service.CancelAsync(record.BatchId!, cancellationToken).ConfigureAwait(false);
            journal.UpdateStatus(record.Hash, state.Status);
            if (state.Status is "cancelling" or "cancelled")
                cancelled.Add(state);
        }

        return cancelled;
    }

    /// <summary>
    /// Deletes from the server the files of every batch the journal has collected (its request file, output file and
    /// error file), which the server otherwise keeps and counts against the account's storage. A batch not yet collected
    /// keeps its files, since its job still needs them. Returns the number of files deleted (0 when run again).
    /// </summary>
    /// <exception cref="BatchServiceException">The server cannot be asked.</exception>
    public static async Task<int> CleanAsync(string journalPath, LlmSettings llm, CancellationToken cancellationToken = default)
    {
        var service = BatchService.Create(llm);
        using var journal = BatchJournal.OpenFile(journalPath);
        var deleted = 0;
        foreach (var record in journal.All().Where(b => b.Collected && b.BatchId is not null))
        {
            var state = await service.GetAsync(record.BatchId!, cancellationToken).ConfigureAwait(false);
            string?[] files = [state.InputFileId ?? record.FileId, state.OutputFileId, state.ErrorFileId];
            foreach (var file in files.OfType<string>().Where(f => f.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (await service.DeleteFileAsync(file, cancellationToken).ConfigureAwait(false))
                    deleted++;
            }
        }

        return deleted;
    }

    private static List<BatchSummary> Summaries(BatchJournal journal, Func<BatchRecord, BatchState?> server)
        => journal.All().Select(record =>
        {
            var requests = journal.Requests(record.Hash);
            return new BatchSummary(
                record with { Status = server(record)?.Status ?? record.Status },
                requests.Count(r => r.Outcome == "answered"),
                requests.Count(r => r.Outcome is not null && r.Outcome != "answered"),
                server(record));
        }).ToList();
}

using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// Uploads a request file and creates its batch, journaling each id the moment the server gives it. A submission
/// that the journal does not finish (a kill between upload and journal, or between create and journal) is looked up on
/// the server by its hash first, so it is never uploaded, nor created, twice.
/// </summary>
internal static class BatchSubmitter
{
    /// <summary>The metadata key carrying the submission's hash.</summary>
    public const string HashKey = "distilabel_hash";

    /// <summary>Submits <paramref name="file"/> unless the journal or the server already has it; returns whether it uploaded.</summary>
    public static async Task<bool> SubmitAsync(BatchService service, BatchJournal journal, BatchRequestFile file, string runKeyHash, CancellationToken cancellationToken)
    {
        var record = journal.Find(file.Hash);
        if (record?.BatchId is not null)
            return false;
        var requests = file.Requests.Select(r => new BatchRequestRecord(file.Hash, r.CustomId, r.Index, r.RequestHash, null)).ToArray();

        if (await service.FindBatchAsync(HashKey, file.Hash, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            journal.RecordCreated(file.Hash, file.FileName, existing.InputFileId ?? record?.FileId ?? "", existing.Id, existing.Status, requests);
            return false;
        }

        var uploaded = false;
        var fileId = record?.FileId ?? await service.FindFileAsync(file.FileName, cancellationToken).ConfigureAwait(false);
        if (fileId is null)
        {
            fileId = await service.UploadAsync(file.FileName, file.Content, cancellationToken).ConfigureAwait(false);
            uploaded = true;
        }

        if (record?.FileId is null)
            journal.RecordUpload(file.Hash, file.FileName, fileId, file.Requests.Count);

        var metadata = new Dictionary<string, string>
        {
            [HashKey] = file.Hash,
            ["distilabel_run"] = runKeyHash.Length > 32 ? runKeyHash[..32] : runKeyHash,
            ["description"] = "distilabel batch labelling",
        };
        var created = await service.CreateAsync(fileId, metadata, cancellationToken).ConfigureAwait(false);
        journal.RecordCreated(file.Hash, file.FileName, fileId, created.Id, created.Status, requests);
        return uploaded;
    }
}

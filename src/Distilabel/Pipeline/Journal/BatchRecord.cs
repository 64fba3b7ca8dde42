namespace Distilabel.Pipeline.Journal;

/// <summary>One submitted (or half-submitted) batch as the run journal holds it.</summary>
/// <param name="Hash">The submission's hash (its request file's content, the run key, the journal and the round): also in the
/// uploaded file's name and the batch's metadata, so a run killed before it journaled an id finds them on the server.</param>
/// <param name="FileName">The uploaded file's name.</param>
/// <param name="FileId">The uploaded file's id, once known.</param>
/// <param name="BatchId">The batch's id, once created.</param>
/// <param name="Status">The batch's last known status (<c>validating</c> … <c>completed</c>), or <c>uploaded</c>.</param>
/// <param name="Requests">Request lines in the file.</param>
/// <param name="Collected">Whether its answers went into the run's rows (a collected batch is never read again).</param>
/// <param name="CreatedAt">When it was journaled (ISO 8601).</param>
public sealed record BatchRecord(string Hash, string FileName, string? FileId, string? BatchId, string Status, long Requests, bool Collected, string CreatedAt);

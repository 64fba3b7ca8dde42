using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Batch;

/// <summary>One journaled batch with its requests' outcomes and, when asked, its state on the server.</summary>
/// <param name="Record">The batch as the journal holds it.</param>
/// <param name="Answered">Requests collected with an answer.</param>
/// <param name="Failed">Requests collected with an error.</param>
/// <param name="Server">Its state on the server now (null when not asked, or not created).</param>
public sealed record BatchSummary(BatchRecord Record, long Answered, long Failed, BatchState? Server);

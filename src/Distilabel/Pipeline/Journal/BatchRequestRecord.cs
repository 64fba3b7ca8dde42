namespace Distilabel.Pipeline.Journal;

/// <summary>One request of a batch: the row it asks for and, once collected, how it ended.</summary>
/// <param name="BatchHash">Its batch (<see cref="BatchRecord.Hash"/>).</param>
/// <param name="CustomId">The request's <c>custom_id</c> (a stable row key).</param>
/// <param name="Index">The row's index in the input.</param>
/// <param name="RequestHash">The hash of the request body (how the answer is matched to the step's request).</param>
/// <param name="Outcome">Null until collected; then <c>answered</c> or the error.</param>
public sealed record BatchRequestRecord(string BatchHash, string CustomId, long Index, string RequestHash, string? Outcome);

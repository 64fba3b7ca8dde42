using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Batch;

/// <summary>How a batch answered one request: a chat response, or an error (failed, expired, cancelled, not run).</summary>
/// <param name="CustomId">The request's <c>custom_id</c>.</param>
/// <param name="BatchId">The batch that answered.</param>
/// <param name="Response">The answer, as the online path gets it (usage included).</param>
/// <param name="Error">Why there is no answer.</param>
/// <param name="ErrorKind">The error's kind, for the summary's counts (e.g. "batch: expired").</param>
internal sealed record BatchAnswer(string CustomId, string BatchId, ChatResponse? Response, string? Error, string? ErrorKind)
{
    /// <summary>How the request ended, as the journal records it.</summary>
    public string Outcome => Response is not null ? "answered" : $"failed: {Error}";
}

using System.Net;

namespace Distilabel.Data.Hub;

/// <summary>
/// A Hugging Face Hub request failed: the dataset, revision, config or split does not exist, access needs a
/// (better) token, or the Hub is unreachable. The message says what to do (e.g. set <c>HF_TOKEN</c>) and never
/// contains the token.
/// </summary>
public sealed class HubException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HubException(string message, string repoId, HttpStatusCode? statusCode = null, string? errorCode = null, string? requestId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RepoId = repoId;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>The dataset repository, e.g. <c>nvidia/HelpSteer</c>.</summary>
    public string RepoId { get; }

    /// <summary>The HTTP status, or null when no response came (network error, timeout) or the error is ours.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The Hub's <c>X-Error-Code</c> (<c>RepoNotFound</c>, <c>RevisionNotFound</c>, <c>EntryNotFound</c>,
    /// <c>GatedRepo</c>), or ours (<c>SplitNotFound</c>, <c>ConfigNotFound</c>), or null.</summary>
    public string? ErrorCode { get; }

    /// <summary>The Hub's <c>X-Request-Id</c>, for support requests.</summary>
    public string? RequestId { get; }
}

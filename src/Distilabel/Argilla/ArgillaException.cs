using System.Net;

namespace Distilabel.Argilla;

/// <summary>
/// An Argilla request failed. The message says what was being done, the HTTP status, the server's own detail
/// (with each field of a 422 validation error) and, where known, the dataset and workspace. It never contains the API key.
/// </summary>
public sealed class ArgillaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ArgillaException(
        string message,
        HttpStatusCode? statusCode = null,
        string? serverDetail = null,
        IReadOnlyList<ArgillaFieldError>? fieldErrors = null,
        string? dataset = null,
        string? workspace = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerDetail = serverDetail;
        FieldErrors = fieldErrors ?? [];
        Dataset = dataset;
        Workspace = workspace;
    }

    /// <summary>The HTTP status, or null when no answer came (network error, timeout) or the error is the client's own.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>What the server said (its <c>detail</c>), if anything.</summary>
    public string? ServerDetail { get; }

    /// <summary>The per-field errors of a 422 request validation error (empty otherwise).</summary>
    public IReadOnlyList<ArgillaFieldError> FieldErrors { get; }

    /// <summary>The dataset concerned, if any.</summary>
    public string? Dataset { get; }

    /// <summary>The workspace concerned, if any.</summary>
    public string? Workspace { get; }
}

/// <summary>One error of a request validation failure: where (e.g. <c>body.items.0.fields</c>) and what.</summary>
public sealed record ArgillaFieldError(string Location, string Message);

namespace Distilabel.LlamaCpp;

/// <summary>
/// A model could not be downloaded (offline, unreachable Hub, missing file, refused token). The message says how to
/// use a model file you already have instead; it never contains the token.
/// </summary>
public sealed class ModelDownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelDownloadException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The Hub's HTTP status, when it answered.</summary>
    public int? StatusCode { get; }
}

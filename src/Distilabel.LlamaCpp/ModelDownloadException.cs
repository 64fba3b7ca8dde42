using Distilabel.Llms;

namespace Distilabel.LlamaCpp;

/// <summary>
/// A model could not be downloaded (offline, unreachable Hub, missing file, refused token). The message says how to
/// use a model file you already have instead; it never contains the token. The setting at fault is
/// <see cref="LlmSettings.Model"/>.
/// </summary>
public sealed class ModelDownloadException : LlmConfigurationException
{
    /// <summary>Creates the exception; <paramref name="statusCode"/> is the Hub's HTTP status, when it answered.</summary>
    public ModelDownloadException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, statusCode, innerException)
    {
        Setting = nameof(LlmSettings.Model);
    }
}

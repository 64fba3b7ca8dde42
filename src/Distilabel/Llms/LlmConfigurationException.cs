namespace Distilabel.Llms;

/// <summary>
/// The LLM cannot work as configured (missing or rejected API key, unknown model, unreachable server):
/// every request would fail the same way, so a pipeline stops at the first one. The message says what to
/// fix and never contains a secret. Engines derive their own kinds (e.g. a model that cannot be downloaded), so a front end
/// that handles this one handles theirs without referencing the engine's package.
/// </summary>
public class LlmConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LlmConfigurationException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status the server answered with, when it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The <see cref="LlmSettings"/> property to fix (e.g. <c>nameof(LlmSettings.Model)</c>), when one is at fault.</summary>
    public string? Setting { get; init; }
}

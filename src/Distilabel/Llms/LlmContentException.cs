namespace Distilabel.Llms;

/// <summary>The server answered, but with nothing usable (no choices, malformed answer). The row fails; the run goes on.</summary>
public sealed class LlmContentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LlmContentException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

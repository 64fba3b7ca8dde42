namespace Distilabel.Llms;

/// <summary>The server answered, but with nothing usable (no choices, malformed answer). The row fails; the run goes on.</summary>
public sealed class LlmContentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LlmContentException(string message, Exception? innerException = null, string? kind = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The message without details such as the server's address, for counting failures by kind.</summary>
    public string? Kind { get; }
}

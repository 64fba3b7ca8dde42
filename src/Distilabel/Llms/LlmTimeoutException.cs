namespace Distilabel.Llms;

/// <summary>
/// A request took longer than its per-request timeout (<see cref="TimeoutChatClient"/>). Unlike an
/// <see cref="OperationCanceledException"/>, it does not mean the caller gave up: it is transient and retried.
/// </summary>
public sealed class LlmTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public LlmTimeoutException(TimeSpan timeout, Exception? innerException = null)
        : base($"The LLM request did not complete within {FormatTimeout(timeout)}.", innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }

    internal static string FormatTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 ? $"{timeout.TotalSeconds:0.###} s" : $"{timeout.TotalMilliseconds:0.###} ms";
}

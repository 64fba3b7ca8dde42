namespace Distilabel.Llms;

/// <summary>
/// <see cref="RetryingChatClient"/> gave up: every attempt failed with a transient error. The message names the
/// number of attempts and the last reason; <see cref="Exception.InnerException"/> is the last failure.
/// </summary>
public sealed class LlmRetriesExhaustedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LlmRetriesExhaustedException(int attempts, LlmError lastError, Exception lastException)
        : base($"Gave up after {attempts} attempt{(attempts == 1 ? "" : "s")}: {lastError.Reason}", lastException)
    {
        Attempts = attempts;
        LastError = lastError;
    }

    /// <summary>How many requests were sent.</summary>
    public int Attempts { get; }

    /// <summary>The classified last failure.</summary>
    public LlmError LastError { get; }
}

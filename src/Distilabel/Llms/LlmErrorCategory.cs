namespace Distilabel.Llms;

/// <summary>What a failed LLM request means for the run. See <see cref="LlmErrors.Classify"/>.</summary>
public enum LlmErrorCategory
{
    /// <summary>Worth retrying: rate limit, server overload, timeout, dropped connection, truncated answer.</summary>
    Transient,

    /// <summary>Every request would fail the same way (bad API key, unknown model, unreachable server): stop the run.</summary>
    Configuration,

    /// <summary>The server answered, but the answer is unusable (no choices, filtered content).</summary>
    Content,

    /// <summary>This request was refused (e.g. 400, prompt too long) or failed for an unknown reason: the row fails, the run goes on.</summary>
    Rejected,
}

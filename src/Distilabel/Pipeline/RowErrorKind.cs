namespace Distilabel.Pipeline;

/// <summary>What went wrong with a row (or one of its generations).</summary>
public enum RowErrorKind
{
    /// <summary>The row does not fit the task (a missing or empty input column).</summary>
    BadInput,

    /// <summary>The LLM request failed (after retries): rate limit, server error, timeout, refused request.</summary>
    Request,

    /// <summary>The server answered without anything usable (no choices, filtered content).</summary>
    Content,

    /// <summary>The answer came back but holds no valid value for some of the task's outputs.</summary>
    Unparsable,
}

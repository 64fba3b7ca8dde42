namespace Distilabel.Llms;

/// <summary>
/// A classified LLM failure: a category, a short reason that is safe to write into a dataset or a log
/// (never an API key), and what the server said about status and back-off when it said anything.
/// </summary>
/// <param name="Category">What the failure means for the run.</param>
/// <param name="Reason">A short, secret-free description, e.g. <c>"rate limited (429)"</c>.</param>
/// <param name="StatusCode">The HTTP status, when there was an answer.</param>
/// <param name="RetryAfter">How long the server asked us to wait (<c>Retry-After</c>), when it did.</param>
public sealed record LlmError(LlmErrorCategory Category, string Reason, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Whether a retry may succeed.</summary>
    public bool IsTransient => Category == LlmErrorCategory.Transient;

    /// <summary>
    /// The reason without its details (server message, address, attempts), for counting failures by kind, e.g.
    /// <c>"rate limited (429 Too Many Requests)"</c>. Defaults to <see cref="Reason"/>.
    /// </summary>
    public string Kind
    {
        get => field ?? Reason;
        init;
    }

    /// <inheritdoc />
    public override string ToString() => Reason;
}

namespace Distilabel.Llms;

/// <summary>Settings of <see cref="RetryingChatClient"/>.</summary>
public sealed class RetryOptions
{
    /// <summary>Requests sent at most, the first included (default 5). 1 = no retries.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The delay before the first retry; each further retry doubles it (default 1 s).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off delay computed from <see cref="BaseDelay"/> (default 30 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits for (default 2 min). A server asking for more is obeyed up to
    /// this cap; ask for a bigger cap when a provider's rate-limit windows are longer.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The clock the delays run on (default <see cref="TimeProvider.System"/>); tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Decides what is retried (default <see cref="LlmErrors.Classify"/>: transient errors only).</summary>
    public Func<Exception, LlmError> Classifier { get; set; } = LlmErrors.Classify;

    /// <summary>Called before each delay, e.g. to log. Must not throw.</summary>
    public Action<RetryAttempt>? OnRetry { get; set; }

    /// <summary>A random source for jitter; tests may fix it. Default <see cref="Random.Shared"/>.</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>Exponential back-off with "equal jitter": half the delay fixed, half random. Shared by every retry
    /// layer of the library (LLM middleware, the Argilla client), so they back off alike.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        double jitter;
        lock (Random)
            jitter = Random.NextDouble();
        return TimeSpan.FromMilliseconds(Math.Round(capped / 2 + jitter * capped / 2));
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, TimeSpan.Zero, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero, nameof(MaxRetryAfter));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(Classifier, nameof(Classifier));
        ArgumentNullException.ThrowIfNull(Random, nameof(Random));
    }
}

/// <summary>A retry about to happen: which attempt failed, why, and how long the client waits.</summary>
/// <param name="FailedAttempt">The attempt that failed (1 = the first request).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Delay">The wait before the next attempt.</param>
public sealed record RetryAttempt(int FailedAttempt, LlmError Error, TimeSpan Delay);

namespace Distilabel.Pipeline.Steps;

/// <summary>
/// Tokens spent on the row a step is computing, so the journal can keep them per row. Passed down to the row's requests
/// explicitly: an <c>AsyncLocal</c> would give every await of the row a non-default execution context to restore
/// (about 5 µs a row at zero latency).
/// </summary>
internal sealed class RowUsage
{
    private long _inputTokens;
    private long _outputTokens;

    public long InputTokens => Interlocked.Read(ref _inputTokens);

    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    public void Add(long? input, long? output)
    {
        Interlocked.Add(ref _inputTokens, input ?? 0);
        Interlocked.Add(ref _outputTokens, output ?? 0);
    }
}

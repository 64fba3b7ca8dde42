namespace Distilabel.Pipeline.Steps;

/// <summary>Tokens spent on the row a step is computing (flows into its requests), so the journal can keep them per row.</summary>
internal sealed class RowUsage
{
    private static readonly AsyncLocal<RowUsage?> CurrentUsage = new();
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>The row being computed on this async flow, if a step set one.</summary>
    public static RowUsage? Current
    {
        get => CurrentUsage.Value;
        set => CurrentUsage.Value = value;
    }

    public long InputTokens => Interlocked.Read(ref _inputTokens);

    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    public void Add(long? input, long? output)
    {
        Interlocked.Add(ref _inputTokens, input ?? 0);
        Interlocked.Add(ref _outputTokens, output ?? 0);
    }
}

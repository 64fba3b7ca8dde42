namespace Distilabel.Pipeline;

/// <summary>
/// A run stopped because every further request would fail the same way (bad API key, unknown model,
/// unreachable server). Rows already returned are kept; the message never holds a secret.
/// </summary>
public sealed class PipelineAbortedException(string message, long rowIndex, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The row whose request revealed the problem.</summary>
    public long RowIndex { get; } = rowIndex;
}

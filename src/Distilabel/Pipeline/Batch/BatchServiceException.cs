using Distilabel.Llms;

namespace Distilabel.Pipeline.Batch;

/// <summary>A Files or Batches call failed (the message names the call and the server, never a key).</summary>
public sealed class BatchServiceException(string message, LlmError error, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The failure, classified (transient, configuration, rejected).</summary>
    public LlmError Error { get; } = error;
}

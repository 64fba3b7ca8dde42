namespace Distilabel.Orleans.Scheduling;

/// <summary>A cluster job cannot go on: no worker can label it, or the cluster is unreachable. The message says why in one line.</summary>
public sealed class ClusterJobException(string message, Exception? inner = null) : Exception(message, inner);

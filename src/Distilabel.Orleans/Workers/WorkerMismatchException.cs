namespace Distilabel.Orleans.Workers;

/// <summary>A worker cannot label a job: its task is unknown here, or its steps would answer differently (another prompt or options).</summary>
public sealed class WorkerMismatchException(string message) : Exception(message);

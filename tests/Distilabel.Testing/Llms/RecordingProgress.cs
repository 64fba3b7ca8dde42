using System.Collections.Concurrent;

namespace Distilabel.Testing.Llms;

/// <summary>An IProgress that records synchronously (Progress&lt;T&gt; posts later, on the thread pool).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value) => Reports.Enqueue(value);
}

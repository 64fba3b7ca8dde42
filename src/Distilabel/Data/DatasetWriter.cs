namespace Distilabel.Data;

/// <summary>Shared plumbing of the file writers: atomic output, state, serialised calls.</summary>
public abstract class DatasetWriter : IDatasetWriter
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private State _state = State.Open;

    private protected DatasetWriter(string path)
    {
        File = AtomicFile.Create(path);
    }

    private enum State
    {
        Open,
        Completed,
        Failed,
        Disposed,
    }

    /// <inheritdoc />
    public string Path => File.Path;

    /// <inheritdoc />
    public long RowsWritten { get; private set; }

    /// <summary>Key-value metadata recorded with the data when the writer completes (e.g. <see cref="RunFacts"/>):
    /// Parquet writes it into the file's key-value metadata; JSONL and CSV into a sidecar <c>&lt;path&gt;.meta.json</c>
    /// (the <see cref="RunFacts.MetadataKey"/> entry's JSON), written atomically.</summary>
    public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    private protected AtomicFile File { get; }

    /// <inheritdoc />
    public async ValueTask WriteAsync(IReadOnlyDictionary<string, object?> row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOpen();
            try
            {
                await WriteRowAsync(row, RowsWritten + 1, cancellationToken).ConfigureAwait(false);
                RowsWritten++;
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                _state = State.Failed;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOpen();
            try
            {
                await FinishAsync(cancellationToken).ConfigureAwait(false);
                await File.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (this is not ParquetRowWriter && Metadata.TryGetValue(RunFacts.MetadataKey, out var facts))
                    await WriteSidecarAsync(facts, cancellationToken).ConfigureAwait(false);
                _state = State.Completed;
            }
            catch
            {
                _state = State.Failed;
                await File.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the partial output unless <see cref="CompleteAsync"/> succeeded.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_state == State.Disposed)
                return;
            _state = State.Disposed;
            await ReleaseAsync().ConfigureAwait(false);
            await File.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        GC.SuppressFinalize(this);
    }

    private async Task WriteSidecarAsync(string json, CancellationToken cancellationToken)
    {
        await using var sidecar = AtomicFile.Create(RunFacts.SidecarPath(Path));
        await sidecar.Stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json), cancellationToken).ConfigureAwait(false);
        await sidecar.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Format-specific: writes one row (row numbers are 1-based).</summary>
    private protected abstract ValueTask WriteRowAsync(IReadOnlyDictionary<string, object?> row, long rowNumber, CancellationToken cancellationToken);

    /// <summary>Format-specific: writes what is buffered and any footer.</summary>
    private protected abstract ValueTask FinishAsync(CancellationToken cancellationToken);

    /// <summary>Format-specific: releases resources (called on dispose, completed or not).</summary>
    private protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    private void EnsureOpen()
    {
        switch (_state)
        {
            case State.Completed:
                throw new InvalidOperationException($"The writer of '{Path}' is already completed.");
            case State.Failed:
                throw new InvalidOperationException($"The writer of '{Path}' failed earlier; its output was discarded.");
            case State.Disposed:
                throw new ObjectDisposedException(GetType().Name, $"The writer of '{Path}' is disposed.");
        }
    }
}

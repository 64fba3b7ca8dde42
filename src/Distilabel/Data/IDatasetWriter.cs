namespace Distilabel.Data;

/// <summary>
/// Appends rows to a dataset file as they become available. The file is written atomically: it appears at
/// <see cref="Path"/> only when <see cref="CompleteAsync"/> succeeds; disposing without completing (or a failure)
/// deletes the partial output and leaves an existing file untouched. Calls may come from several threads
/// (they are serialised).
/// </summary>
public interface IDatasetWriter : IAsyncDisposable
{
    /// <summary>The full path of the output file.</summary>
    string Path { get; }

    /// <summary>Rows written so far.</summary>
    long RowsWritten { get; }

    /// <summary>Appends one row. An unsupported value type throws <see cref="ArgumentException"/> naming the
    /// row and column, and leaves the writer usable; I/O errors leave it failed.</summary>
    ValueTask WriteAsync(IReadOnlyDictionary<string, object?> row, CancellationToken cancellationToken = default);

    /// <summary>Writes what is buffered, flushes to disk and moves the file into place.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}

namespace Distilabel.Data;

/// <summary>
/// Reads and writes dataset files, choosing the format by extension: <c>.jsonl</c>/<c>.ndjson</c>/<c>.json</c>
/// (JSON Lines), <c>.csv</c>/<c>.tsv</c> (CSV), <c>.parquet</c> (Parquet). Everything streams.
/// <code>
/// await foreach (var row in DatasetFiles.ReadAsync("samples/helpsteer-sample.jsonl")) { … }
/// await using var writer = DatasetFiles.CreateWriter("out/labelled.parquet");
/// await writer.WriteAsync(row); …; await writer.CompleteAsync();
/// </code>
/// </summary>
public static class DatasetFiles
{
    /// <summary>The supported extensions, for messages.</summary>
    public const string SupportedExtensions = ".jsonl, .ndjson, .json, .csv, .tsv, .parquet";

    /// <summary>The format of <paramref name="path"/> by its extension; an unknown one throws
    /// <see cref="NotSupportedException"/> naming the file and the supported extensions.</summary>
    public static DatasetFormat DetectFormat(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" or ".ndjson" or ".json" => DatasetFormat.JsonLines,
            ".csv" or ".tsv" => DatasetFormat.Csv,
            ".parquet" => DatasetFormat.Parquet,
            _ => throw new NotSupportedException(
                $"Cannot tell the dataset format of '{path}' from its extension '{extension}'; supported extensions: {SupportedExtensions}."),
        };
    }

    /// <summary>Streams the rows of a file. Unknown extension or missing file throw at once; malformed content
    /// throws <see cref="DatasetFormatException"/> during enumeration.</summary>
    public static IAsyncEnumerable<Row> ReadAsync(string path, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var format = DetectFormat(path);
        options ??= DatasetReadOptions.Default;
        return format switch
        {
            DatasetFormat.JsonLines => JsonLinesReader.ReadAsync(path, options, cancellationToken),
            DatasetFormat.Csv => CsvReader.ReadAsync(path, IsTsv(path) && options.CsvDelimiter == ',' ? options with { CsvDelimiter = '\t' } : options, cancellationToken),
            _ => ParquetRowReader.ReadAsync(path, options, cancellationToken),
        };
    }

    /// <summary>Opens a writer for <paramref name="path"/> (format by extension). Checks at once that the path is
    /// writable (throwing <see cref="IOException"/> naming it). The file appears only on
    /// <see cref="IDatasetWriter.CompleteAsync"/>.</summary>
    public static IDatasetWriter CreateWriter(string path, DatasetWriteOptions? options = null)
    {
        var format = DetectFormat(path);
        options ??= DatasetWriteOptions.Default;
        return format switch
        {
            DatasetFormat.JsonLines => JsonLinesWriter.Create(path),
            DatasetFormat.Csv => CsvWriter.Create(path, IsTsv(path) && options.CsvDelimiter == ',' ? options with { CsvDelimiter = '\t' } : options),
            _ => ParquetRowWriter.Create(path, options),
        };
    }

    /// <summary>Writes all <paramref name="rows"/> to <paramref name="path"/> atomically; returns the row count.
    /// If enumeration or writing fails, no file is left behind (an existing file is untouched).</summary>
    public static async Task<long> WriteAsync<TRow>(string path, IAsyncEnumerable<TRow> rows, DatasetWriteOptions? options = null, CancellationToken cancellationToken = default)
        where TRow : IReadOnlyDictionary<string, object?>
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var writer = CreateWriter(path, options);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            await writer.WriteAsync(row, cancellationToken).ConfigureAwait(false);
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return writer.RowsWritten;
    }

    /// <summary>Writes all <paramref name="rows"/> to <paramref name="path"/> atomically; returns the row count.</summary>
    public static Task<long> WriteAsync<TRow>(string path, IEnumerable<TRow> rows, DatasetWriteOptions? options = null, CancellationToken cancellationToken = default)
        where TRow : IReadOnlyDictionary<string, object?>
    {
        ArgumentNullException.ThrowIfNull(rows);
        return WriteAsync(path, rows.ToAsyncEnumerable(), options, cancellationToken);
    }

    /// <summary>Extension form of <see cref="WriteAsync{TRow}(string, IAsyncEnumerable{TRow}, DatasetWriteOptions?, CancellationToken)"/>:
    /// <c>await rows.WriteToFileAsync("out.parquet")</c>.</summary>
    public static Task<long> WriteToFileAsync<TRow>(this IAsyncEnumerable<TRow> rows, string path, DatasetWriteOptions? options = null, CancellationToken cancellationToken = default)
        where TRow : IReadOnlyDictionary<string, object?>
        => WriteAsync(path, rows, options, cancellationToken);

    private static bool IsTsv(string path) => Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase);
}

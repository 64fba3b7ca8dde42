using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Distilabel.Data;

/// <summary>
/// Reads JSON Lines (one JSON object per line, UTF-8, optional BOM, <c>\n</c> or <c>\r\n</c>; blank lines are
/// skipped) as a lazy stream of rows; memory is bounded by the longest line. A file whose first non-blank
/// character is <c>[</c> is read as a JSON array of objects instead (the <c>.json</c> form).
/// Values: strings, integers (long), other numbers (double), booleans and null map directly; an array of
/// strings and nulls becomes a list of strings (<see cref="DatasetColumnType.StringList"/>), an array of integers and
/// nulls a list of nullable longs (<see cref="DatasetColumnType.Int64List"/>); an empty or all-null array reads as a
/// list of strings (which also fits an integer-list column when written to Parquet). Any other array (mixed, floats,
/// booleans, nested) or nested object is kept as its JSON text.
/// </summary>
public static class JsonLinesReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>Reads a file. A missing file throws <see cref="DatasetFormatException"/> at once; malformed content
    /// throws it during enumeration (naming the file, 1-based line and byte offset).</summary>
    public static IAsyncEnumerable<Row> ReadAsync(string path, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = DatasetPaths.RequireExisting(path);
        return ReadCoreAsync(() => DatasetPaths.OpenRead(full), ownsStream: true, full, options ?? DatasetReadOptions.Default, cancellationToken);
    }

    /// <summary>Reads a stream (left open); <paramref name="name"/> is used in error messages.</summary>
    public static IAsyncEnumerable<Row> ReadAsync(Stream stream, string name, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCoreAsync(() => stream, ownsStream: false, name, options ?? DatasetReadOptions.Default, cancellationToken);
    }

    private static async IAsyncEnumerable<Row> ReadCoreAsync(
        Func<Stream> open,
        bool ownsStream,
        string name,
        DatasetReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = open();
        try
        {
            var buffer = new ByteBuffer(stream);
            await buffer.SkipByteOrderMarkAsync(cancellationToken).ConfigureAwait(false);
            if (await StartsWithArrayAsync(buffer, cancellationToken).ConfigureAwait(false))
            {
                await foreach (var row in ReadArrayAsync(stream, buffer, name, options, cancellationToken).ConfigureAwait(false))
                    yield return row;
                yield break;
            }

            long line = 0;
            long rowNumber = 0;
            var scanned = 0;
            while (true)
            {
                var availableLength = buffer.Available.Length;
                var newline = buffer.Available[scanned..].IndexOf((byte)'\n');
                int length;
                if (newline >= 0)
                {
                    length = scanned + newline;
                }
                else if (await buffer.FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    scanned = availableLength;
                    continue;
                }
                else if (buffer.Available.Length > 0)
                {
                    length = buffer.Available.Length;
                }
                else
                {
                    yield break;
                }

                line++;
                scanned = 0;
                var offset = buffer.Offset;
                Row? row;
                try
                {
                    row = ParseLine(buffer.Available[..length], name, line, offset, rowNumber + 1, options);
                }
                catch (DatasetFormatException e) when (options.SkipBadRows)
                {
                    options.OnBadRow?.Invoke(e);
                    row = null;
                    rowNumber++;
                }

                buffer.Consume(Math.Min(length + 1, buffer.Available.Length));
                if (row is not null)
                {
                    rowNumber++;
                    yield return row;
                }
            }
        }
        finally
        {
            if (ownsStream)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Row? ParseLine(ReadOnlySpan<byte> bytes, string name, long line, long offset, long rowNumber, DatasetReadOptions options)
    {
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            bytes = bytes[..^1];
        if (bytes.Trim(" \t"u8).IsEmpty)
            return null;

        var invalid = ByteBuffer.FindInvalidUtf8(bytes);
        if (invalid >= 0)
            throw new DatasetFormatException(name, $"invalid UTF-8 (byte 0x{bytes[invalid]:X2})", line, rowNumber, byteOffset: offset + invalid);

        JsonDocument document;
        try
        {
            // JsonDocument keeps a reference to the memory; it is copied because the buffer is reused.
            document = JsonDocument.Parse(bytes.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(
                name, $"invalid JSON: {JsonRows.Problem(e)}", line, rowNumber, byteOffset: offset + (e.BytePositionInLine ?? 0), innerException: e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new DatasetFormatException(name, $"expected a JSON object but found {JsonRows.Describe(root.ValueKind)}", line, rowNumber, byteOffset: offset);
            return DatasetPaths.Project(JsonRows.FromObject(root), options.Columns, name, line, rowNumber);
        }
    }

    private static async ValueTask<bool> StartsWithArrayAsync(ByteBuffer buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = buffer.Available;
            var first = available.IndexOfAnyExcept(" \t\r\n"u8);
            if (first >= 0)
                return available[first] == (byte)'[';
            if (!await buffer.FillAsync(cancellationToken).ConfigureAwait(false))
                return false;
        }
    }

    private static async IAsyncEnumerable<Row> ReadArrayAsync(
        Stream stream,
        ByteBuffer buffer,
        string name,
        DatasetReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!stream.CanSeek)
            throw new DatasetFormatException(name, "a JSON array can only be read from a seekable stream; use JSON Lines");
        stream.Seek(buffer.Offset, SeekOrigin.Begin);
        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken);
        await using var enumerator = elements.GetAsyncEnumerator(cancellationToken);
        long rowNumber = 0;
        while (true)
        {
            JsonElement element;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    yield break;
                element = enumerator.Current;
            }
            catch (JsonException e)
            {
                throw new DatasetFormatException(name, $"invalid JSON: {JsonRows.Problem(e)}", e.LineNumber + 1, rowNumber + 1, innerException: e);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                throw new DatasetFormatException(name, $"invalid content: {e.Message}", row: rowNumber + 1, innerException: e);
            }

            rowNumber++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                var error = new DatasetFormatException(name, $"array element {rowNumber}: expected a JSON object but found {JsonRows.Describe(element.ValueKind)}", row: rowNumber);
                if (!options.SkipBadRows)
                    throw error;
                options.OnBadRow?.Invoke(error);
                continue;
            }

            yield return DatasetPaths.Project(JsonRows.FromObject(element), options.Columns, name, null, rowNumber);
        }
    }
}

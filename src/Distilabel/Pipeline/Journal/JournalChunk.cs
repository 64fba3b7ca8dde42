using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// One commit's rows of one step, as a row of the journal's <c>chunks</c> table (format 5): a directory (which rows,
/// which of them failed, where each entry lies) and a body (the rows' <see cref="JournalEntryCodec"/> entries back to
/// back, compressed as one), each with its own CRC-32.
/// </summary>
/// <remarks>
/// <para>Why chunks: one SQLite row and one compression per commit instead of per row costs about a tenth of the CPU, and
/// Brotli finds what rows share (tags, column names, phrasing), so a HelpSteer row takes a fraction of its own entry.</para>
/// <para>Directory: CRC-32 (of the step id and the rest) · row count · per row, the zig-zag difference from the previous
/// row's index and (entry length × 2 + failed), as varints. Opening a journal reads only directories.</para>
/// <para>Body: CRC-32 (of the step id and the rest) · codec (0 stored, 1 Brotli) · the entries' length · the bytes.
/// A body that fails its checksum loses its rows only: they are asked again.</para>
/// </remarks>
internal static class JournalChunk
{
    private const byte Stored = 0, Brotli = 1;

    /// <summary>
    /// Brotli's quality 2 and a 4 MB window (a chunk's rows are a few hundred KB at most: the window holds them all).
    /// 256 HelpSteer rows (40 KB) take about 60 µs and 4.0 KB; quality 1 as long and 6.0 KB, quality 4 twice as long
    /// and 4.0 KB. Few rows (a commit every 20 ms at 100 ms latency) cost about 5 µs a chunk.
    /// </summary>
    private const int Quality = 2, Window = 22;

    /// <summary>The directory of the <paramref name="members"/> of <paramref name="rows"/>, all of <paramref name="stepId"/>.</summary>
    public static byte[] WriteDirectory(int stepId, IReadOnlyList<JournalWriter.Row> rows, IReadOnlyList<int> members)
    {
        var buffer = new ArrayBufferWriter<byte>(8 + 4 * members.Count);
        buffer.WriteInt32(0);
        buffer.WriteVarint((ulong)members.Count);
        var previous = 0L;
        foreach (var member in members)
        {
            var row = rows[member];
            buffer.WriteVarint(RowValueCodec.ZigZag(row.Index - previous));
            buffer.WriteVarint(((ulong)row.Length << 1) | (row.Failed ? 1UL : 0UL));
            previous = row.Index;
        }

        return Sealed(stepId, buffer);
    }

    /// <summary>The body holding <paramref name="entries"/>: compressed when that saves bytes.</summary>
    public static byte[] WriteBody(int stepId, ReadOnlySpan<byte> entries)
    {
        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(entries.Length));
        try
        {
            var written = 0;
            var useBrotli = entries.Length > 64 && BrotliEncoder.TryCompress(entries, compressed, out written, Quality, Window) && written < entries.Length;
            var payload = useBrotli ? compressed.AsSpan(0, written) : entries;
            var buffer = new ArrayBufferWriter<byte>(payload.Length + 16);
            buffer.WriteInt32(0);
            buffer.WriteByte(useBrotli ? Brotli : Stored);
            buffer.WriteVarint((ulong)entries.Length);
            buffer.Write(payload);
            return Sealed(stepId, buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>The rows of a directory, in body order; null when it fails its checksum or cannot be read.</summary>
    public static Entry[]? ReadDirectory(int stepId, ReadOnlySpan<byte> directory)
    {
        if (!Intact(stepId, directory, 5))
            return null;
        try
        {
            var reader = new RowValueCodec.Reader(directory[4..]);
            var count = checked((int)reader.Varint());
            var entries = new Entry[Math.Min(count, directory.Length)];
            if (entries.Length != count)
                return null;
            var index = 0L;
            var offset = 0;
            for (var i = 0; i < count; i++)
            {
                index += RowValueCodec.UnZigZag(reader.Varint());
                var lengthAndFailed = reader.Varint();
                var length = checked((int)(lengthAndFailed >> 1));
                entries[i] = new Entry(index, (lengthAndFailed & 1) != 0, offset, length);
                offset = checked(offset + length);
            }

            return reader.AtEnd ? entries : null;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The entries of a body; null when it fails its checksum or cannot be read.</summary>
    public static byte[]? ReadBody(int stepId, ReadOnlySpan<byte> body)
    {
        if (!Intact(stepId, body, 6))
            return null;
        try
        {
            var reader = new RowValueCodec.Reader(body[5..]);
            var length = checked((int)reader.Varint());
            var payload = body[(body.Length - reader.Remaining)..];
            switch (body[4])
            {
                case Stored:
                    return payload.Length == length ? payload.ToArray() : null;
                case Brotli:
                    var entries = new byte[length];
                    return BrotliDecoder.TryDecompress(payload, entries, out var written) && written == length ? entries : null;
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>One row of a chunk: its index, whether it failed, and where its entry lies in the body's entries.</summary>
    internal readonly record struct Entry(long Index, bool Failed, int Offset, int Length);

    /// <summary>The written bytes, with their CRC-32 (of the step id and the rest) in the 4 bytes left for it.</summary>
    private static byte[] Sealed(int stepId, ArrayBufferWriter<byte> buffer)
    {
        var bytes = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Checksum(stepId, bytes.AsSpan(4)));
        return bytes;
    }

    /// <summary>Whether <paramref name="blob"/> is long enough and matches its CRC-32.</summary>
    private static bool Intact(int stepId, ReadOnlySpan<byte> blob, int minLength)
        => blob.Length >= minLength && BinaryPrimitives.ReadUInt32LittleEndian(blob) == Checksum(stepId, blob[4..]);

    private static uint Checksum(int stepId, ReadOnlySpan<byte> rest)
    {
        var crc = new Crc32();
        Span<byte> step = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(step, stepId);
        crc.Append(step);
        crc.Append(rest);
        return crc.GetCurrentHashAsUInt32();
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Distilabel.Data;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// One journaled row as a single compact blob (journal formats 3 and 4; 4 changed only the fingerprint hash): only what
/// cannot be recomputed, with what repeats from row to row stored once in the journal's name table
/// (<see cref="IJournalNames"/>).
/// </summary>
/// <remarks>
/// Layout: CRC-32 of (step, index, rest) · fingerprint length and bytes · input and output tokens (varints) · the
/// typed error (JSON, length-prefixed; 0 for none) · the raw answer (none, UTF-8, or Brotli when that is smaller) ·
/// the id of the row's column-name list · each column's value (<see cref="RowValueCodec"/>), where a column holding
/// the raw answer itself is one byte and a short text (a model name, a label) is the id of its name-table entry.
/// </remarks>
internal static class JournalEntryCodec
{
    private const byte RawNone = 0, RawText = 1, RawBrotli = 2;
    private const byte SameAsRaw = RowValueCodec.FirstExtensionTag, NamedText = RowValueCodec.FirstExtensionTag + 1;

    /// <summary>Texts up to this many UTF-8 bytes are stored by name-table id (repeated model names, labels).</summary>
    private const int MaxNamedTextBytes = 48;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes <paramref name="row"/>; throws <see cref="NotSupportedException"/> naming a column of an unsupported type.</summary>
    public static byte[] Encode(JournaledRow row, IJournalNames names)
    {
        // One buffer per thread, reused entry after entry: an entry allocates only its bytes.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        try
        {
            return EncodeInto(buffer, row, names);
        }
        finally
        {
            if (buffer.Capacity > MaxKeptBuffer)
                t_buffer = null;
            else
                buffer.ResetWrittenCount();
        }
    }

    private const int MaxKeptBuffer = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Crc32? t_crc;

    [ThreadStatic]
    private static LastColumnList? t_columns;

    /// <summary>
    /// The name-table id of the row's column-name list. A step's rows all have the same list, so the last one is kept per
    /// thread and compared name by name (the same string instances: a reference check each) instead of joined again.
    /// </summary>
    private static int ColumnListId(IReadOnlyList<KeyValuePair<string, object?>> columns, IJournalNames names)
    {
        var last = t_columns;
        if (last is not null && ReferenceEquals(last.Names, names) && last.Keys.Length == columns.Count)
        {
            var same = true;
            for (var i = 0; i < columns.Count && same; i++)
                same = string.Equals(last.Keys[i], columns[i].Key, StringComparison.Ordinal);
            if (same)
                return last.Id;
        }

        var keys = new string[columns.Count];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = columns[i].Key;
        var id = names.IdOf(string.Join('\0', keys));
        t_columns = new LastColumnList(names, keys, id);
        return id;
    }

    private sealed record LastColumnList(IJournalNames Names, string[] Keys, int Id);

    private static byte[] EncodeInto(ArrayBufferWriter<byte> buffer, JournaledRow row, IJournalNames names)
    {
        buffer.WriteInt32(0); // the checksum, filled in last
        buffer.WriteByte(checked((byte)row.InputFingerprint.Length));
        buffer.Write(row.InputFingerprint);
        buffer.WriteVarint((ulong)Math.Max(0, row.InputTokens));
        buffer.WriteVarint((ulong)Math.Max(0, row.OutputTokens));
        if (row.Error is null)
        {
            buffer.WriteVarint(0);
        }
        else
        {
            var error = Encoding.UTF8.GetBytes(RowErrorCodec.Encode(row.Error));
            buffer.WriteVarint((ulong)error.Length + 1);
            buffer.Write(error);
        }

        WriteRaw(buffer, row.RawAnswer);
        buffer.WriteVarint((ulong)ColumnListId(row.Columns, names));
        foreach (var (name, value) in row.Columns)
        {
            var cell = Cell.Of(value);
            if (cell.Kind == CellKind.Text && row.RawAnswer is not null && (ReferenceEquals(cell.Text, row.RawAnswer) || cell.Text == row.RawAnswer))
            {
                buffer.WriteByte(SameAsRaw);
            }
            else if (cell.Kind == CellKind.Text && cell.Text.Length <= MaxNamedTextBytes && Encoding.UTF8.GetByteCount(cell.Text) <= MaxNamedTextBytes
                && names.TryIdOf(cell.Text) is { } id)
            {
                buffer.WriteByte(NamedText);
                buffer.WriteVarint((ulong)id);
            }
            else if (!RowValueCodec.TryWriteCell(buffer, cell, depth: 0))
            {
                throw new NotSupportedException($"The run journal cannot store column '{name}': values of type {value!.GetType().Name} are not supported.");
            }
        }

        var bytes = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Checksum(row.Step, row.Index, bytes.AsSpan(4)));
        return bytes;
    }

    /// <summary>
    /// Decodes an entry of (<paramref name="step"/>, <paramref name="index"/>); null when its checksum fails (damaged on
    /// disk). Throws <see cref="FormatException"/> when it checks out but cannot be read.
    /// </summary>
    public static JournaledRow? Decode(string step, long index, ReadOnlySpan<byte> bytes, IJournalNames names)
    {
        if (bytes.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Checksum(step, index, bytes[4..]))
            return null;
        try
        {
            var reader = new RowValueCodec.Reader(bytes[4..]);
            var fingerprint = reader.Bytes(reader.Byte()).ToArray();
            var inputTokens = (long)reader.Varint();
            var outputTokens = (long)reader.Varint();
            var errorLength = checked((int)reader.Varint());
            var error = errorLength == 0 ? null : RowErrorCodec.Decode(Strict.GetString(reader.Bytes(errorLength - 1)));
            var raw = ReadRaw(ref reader);
            var columnNames = names.NameOf(checked((int)reader.Varint())).Split('\0');
            var columns = new List<KeyValuePair<string, object?>>(columnNames.Length);
            foreach (var name in columnNames)
            {
                var value = reader.Peek() switch
                {
                    SameAsRaw => Skip(ref reader, raw),
                    NamedText => Named(ref reader, names),
                    _ => RowValueCodec.ReadValue(ref reader, depth: 0),
                };
                columns.Add(new(name, value));
            }

            if (!reader.AtEnd)
                throw new FormatException("trailing bytes");
            return new JournaledRow(index, fingerprint, columns, error, raw, inputTokens, outputTokens) { Step = step };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException or DecoderFallbackException or KeyNotFoundException or InvalidDataException)
        {
            throw new FormatException("damaged journal entry", e);
        }
    }

    private static object? Skip(ref RowValueCodec.Reader reader, string? raw)
    {
        reader.Byte();
        return raw ?? throw new FormatException("a column refers to a raw answer the entry lacks");
    }

    private static string Named(ref RowValueCodec.Reader reader, IJournalNames names)
    {
        reader.Byte();
        return names.NameOf(checked((int)reader.Varint()));
    }

    /// <summary>
    /// The raw answer, Brotli-compressed when that saves bytes (a tagged HelpSteer answer: 134 → 96 bytes). Quality 2 and
    /// the smallest window cost about 6 µs a row; quality 4 saves 12 more bytes for 4× the CPU, quality 5 and up cost milliseconds.
    /// </summary>
    private static void WriteRaw(ArrayBufferWriter<byte> buffer, string? raw)
    {
        if (raw is null)
        {
            buffer.WriteByte(RawNone);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(raw.Length));
        var utf8 = rented.AsSpan(0, Encoding.UTF8.GetBytes(raw, rented));
        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(utf8.Length));
        try
        {
            if (utf8.Length > 32 && BrotliEncoder.TryCompress(utf8, compressed, out var written, quality: 2, window: 10) && written + 4 < utf8.Length)
            {
                buffer.WriteByte(RawBrotli);
                buffer.WriteVarint((ulong)utf8.Length);
                buffer.WriteVarint((ulong)written);
                buffer.Write(compressed.AsSpan(0, written));
                return;
            }

            buffer.WriteByte(RawText);
            buffer.WriteVarint((ulong)utf8.Length);
            buffer.Write(utf8);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string? ReadRaw(ref RowValueCodec.Reader reader)
    {
        switch (reader.Byte())
        {
            case RawNone:
                return null;
            case RawText:
                return Strict.GetString(reader.Bytes(checked((int)reader.Varint())));
            case RawBrotli:
                var length = checked((int)reader.Varint());
                var compressed = reader.Bytes(checked((int)reader.Varint()));
                var utf8 = new byte[length];
                if (!BrotliDecoder.TryDecompress(compressed, utf8, out var written) || written != length)
                    throw new FormatException("damaged compressed raw answer");
                return Strict.GetString(utf8);
            default:
                throw new FormatException("unknown raw answer tag");
        }
    }

    private static uint Checksum(string step, long index, ReadOnlySpan<byte> rest)
    {
        var crc = t_crc ??= new Crc32();
        crc.Reset();
        crc.Append(Encoding.UTF8.GetBytes(step));
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, index);
        crc.Append(number);
        crc.Append(rest);
        return crc.GetCurrentHashAsUInt32();
    }
}

/// <summary>The journal's table of texts that repeat from row to row (column-name lists, step names, short values), by small id.</summary>
internal interface IJournalNames
{
    /// <summary>The id of <paramref name="text"/>, adding it when new.</summary>
    int IdOf(string text);

    /// <summary>The id of <paramref name="text"/>, adding it when new and the table is not full; null when full.</summary>
    int? TryIdOf(string text);

    /// <summary>The text of <paramref name="id"/>; throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    string NameOf(int id);
}

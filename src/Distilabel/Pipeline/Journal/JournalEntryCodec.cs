using System.Buffers;
using System.Text;
using Distilabel.Data;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// One journaled row as a compact entry (journal format 5; <see cref="JournalChunk"/> stores a commit's entries together,
/// compressed and checksummed as one): only what cannot be recomputed, with what repeats from row to row stored once in
/// the journal's name table (<see cref="IJournalNames"/>).
/// </summary>
/// <remarks>
/// Layout: fingerprint length and bytes · input and output tokens (varints) · the typed error (JSON, length-prefixed;
/// 0 for none) · the raw answer (none, or UTF-8) · the id of the row's column-name list · each column's value
/// (<see cref="RowValueCodec"/>), where a column holding the raw answer itself is one byte and a short text (a model
/// name, a label) is the id of its name-table entry.
/// </remarks>
internal static class JournalEntryCodec
{
    private const byte RawNone = 0, RawText = 1;
    private const byte SameAsRaw = RowValueCodec.FirstExtensionTag, NamedText = RowValueCodec.FirstExtensionTag + 1;

    /// <summary>Texts up to this many UTF-8 bytes are stored by name-table id (repeated model names, labels).</summary>
    private const int MaxNamedTextBytes = 48;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Encodes <paramref name="row"/> into this thread's buffer: the bytes stay valid until the thread's next call. Throws
    /// <see cref="NotSupportedException"/> naming a column of an unsupported type.
    /// </summary>
    public static ReadOnlySpan<byte> Encode(JournaledRow row, IJournalNames names)
    {
        // One buffer per thread, reused entry after entry: the caller copies the bytes where they belong.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        if (buffer.Capacity > MaxKeptBuffer)
            buffer = t_buffer = new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        EncodeInto(buffer, row, names);
        return buffer.WrittenSpan;
    }

    private const int MaxKeptBuffer = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

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

    private static void EncodeInto(ArrayBufferWriter<byte> buffer, JournaledRow row, IJournalNames names)
    {
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

        if (row.RawAnswer is null)
        {
            buffer.WriteByte(RawNone);
        }
        else
        {
            buffer.WriteByte(RawText);
            buffer.WriteText(row.RawAnswer, varintLength: true);
        }

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
    }

    /// <summary>
    /// Decodes an entry of (<paramref name="step"/>, <paramref name="index"/>) (its chunk's checksum already verified).
    /// Throws <see cref="FormatException"/> when it cannot be read.
    /// </summary>
    public static JournaledRow Decode(string step, long index, ReadOnlySpan<byte> bytes, IJournalNames names)
    {
        try
        {
            var reader = new RowValueCodec.Reader(bytes);
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

    private static string? ReadRaw(ref RowValueCodec.Reader reader)
    {
        switch (reader.Byte())
        {
            case RawNone:
                return null;
            case RawText:
                return Strict.GetString(reader.Bytes(checked((int)reader.Varint())));
            default:
                throw new FormatException("unknown raw answer tag");
        }
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

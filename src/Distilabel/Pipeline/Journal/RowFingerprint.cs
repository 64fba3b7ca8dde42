using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using Distilabel.Data;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// A fingerprint of one input row: XxHash128 of a canonical encoding of its columns, sorted by name,
/// with values normalised by the row value model (<see cref="CellKind"/>: every integer type is one integer,
/// float/double/decimal are one number, text is text). The same row read from JSONL, CSV or Parquet, with its columns
/// in any order, has the same fingerprint; any changed value gives another one.
/// </summary>
/// <remarks>
/// A fingerprint guards a resume against an input row edited since the journal was written, not against an adversary
/// crafting collisions, so a fast non-cryptographic 128-bit hash is enough (a 2⁻¹²⁸ chance per row of missing an edit)
/// and costs a few percent of SHA-256. Changing the hash changed every stored fingerprint: journal format 4
/// (<see cref="RunJournal.Format"/>) refuses older journals. The canonical encoding goes into one buffer per thread,
/// reused row after row, and is hashed in one call, so a fingerprint allocates only its 16 bytes.
/// </remarks>
public static class RowFingerprint
{
    /// <summary>The fingerprint of <paramref name="row"/> (16 bytes).</summary>
    public static byte[] Compute(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var names = ArrayPool<string>.Shared.Rent(row.Count);
        try
        {
            var count = 0;
            foreach (var name in row.Keys)
                names[count++] = name;
            Array.Sort(names, 0, count, StringComparer.Ordinal);
            buffer.WriteInt32(count);
            for (var i = 0; i < count; i++)
            {
                buffer.WriteText(names[i], varintLength: false);
                WriteValue(buffer, row[names[i]], depth: 0);
            }

            var hash = new byte[16];
            XxHash128.Hash(buffer.WrittenSpan, hash);
            return hash;
        }
        finally
        {
            Array.Clear(names, 0, row.Count);
            ArrayPool<string>.Shared.Return(names);
            // A huge row does not pin its buffer for the rest of the run.
            if (buffer.Capacity > MaxKeptBuffer)
                t_buffer = null;
            else
                buffer.ResetWrittenCount();
        }
    }

    /// <summary>The fingerprint as lower-case hex.</summary>
    public static string ComputeHex(IReadOnlyDictionary<string, object?> row) => Convert.ToHexStringLower(Compute(row));

    private const int MaxKeptBuffer = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private static void WriteValue(ArrayBufferWriter<byte> buffer, object? value, int depth)
    {
        var cell = Cell.Of(value);
        switch (cell.Kind)
        {
            case CellKind.Null:
                buffer.WriteByte(0);
                break;
            case CellKind.Text:
                buffer.WriteByte(1);
                buffer.WriteText(cell.Text, varintLength: false);
                break;
            case CellKind.Boolean:
                buffer.WriteByte(cell.Boolean ? (byte)2 : (byte)3);
                break;
            case CellKind.Integer:
                buffer.WriteByte(4);
                buffer.WriteInt64(cell.Integer);
                break;
            case CellKind.Float or CellKind.Decimal:
                buffer.WriteByte(5);
                buffer.WriteInt64(BitConverter.DoubleToInt64Bits(cell.Kind == CellKind.Float ? cell.Float : (double)cell.Decimal));
                break;
            case CellKind.Struct when depth < 8:
                // A struct (nested Hub columns): its members in order, each named.
                buffer.WriteByte(8);
                buffer.WriteInt32(cell.Members.Count);
                foreach (var (name, member) in cell.Members)
                {
                    buffer.WriteText(name, varintLength: false);
                    WriteValue(buffer, member, depth + 1);
                }

                break;
            case CellKind.Binary when depth < 8:
                buffer.WriteByte(6);
                buffer.WriteInt32(cell.Bytes.Length);
                foreach (var b in cell.Bytes.Span)
                {
                    buffer.WriteByte(4);
                    buffer.WriteInt64(b);
                }

                break;
            case CellKind.TextList or CellKind.IntegerList or CellKind.List when depth < 8:
                buffer.WriteByte(6);
                var items = cell.Items as System.Collections.ICollection ?? cell.Items.Cast<object?>().ToList();
                buffer.WriteInt32(items.Count);
                foreach (var item in items)
                    WriteValue(buffer, item, depth + 1);
                break;
            default:
                // Dates, Guids, enums, anything else: the type and the invariant text.
                buffer.WriteByte(7);
                var text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value!.ToString();
                buffer.WriteText(value!.GetType().FullName + ":" + text, varintLength: false);
                break;
        }
    }
}

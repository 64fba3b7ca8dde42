using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// A fingerprint of one input row: SHA-256 (first 16 bytes) of a canonical encoding of its columns, sorted by name,
/// with values normalised (every integer type is one integer, float/double/decimal are one number, text is text).
/// The same row read from JSONL, CSV or Parquet, with its columns in any order, has the same fingerprint; any
/// changed value gives another one.
/// </summary>
public static class RowFingerprint
{
    /// <summary>The fingerprint of <paramref name="row"/> (16 bytes).</summary>
    public static byte[] Compute(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var buffer = new ArrayBufferWriter<byte>(512);
        var names = row.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        WriteLength(buffer, names.Length);
        foreach (var name in names)
        {
            WriteText(buffer, name);
            WriteValue(buffer, row[name], depth: 0);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return hash[..16].ToArray();
    }

    /// <summary>The fingerprint as lower-case hex.</summary>
    public static string ComputeHex(IReadOnlyDictionary<string, object?> row) => Convert.ToHexStringLower(Compute(row));

    private static void WriteValue(ArrayBufferWriter<byte> buffer, object? value, int depth)
    {
        switch (value)
        {
            case null or DBNull:
                Tag(buffer, 0);
                break;
            case string s:
                Tag(buffer, 1);
                WriteText(buffer, s);
                break;
            case char c:
                Tag(buffer, 1);
                WriteText(buffer, c.ToString());
                break;
            case ReadOnlyMemory<char> m:
                Tag(buffer, 1);
                WriteText(buffer, m.ToString());
                break;
            case bool b:
                Tag(buffer, b ? (byte)2 : (byte)3);
                break;
            case long or int or short or sbyte or byte or ushort or uint:
                Tag(buffer, 4);
                WriteInt64(buffer, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u when u <= long.MaxValue:
                Tag(buffer, 4);
                WriteInt64(buffer, (long)u);
                break;
            case double or float or decimal or Half or ulong:
                Tag(buffer, 5);
                WriteInt64(buffer, BitConverter.DoubleToInt64Bits(Convert.ToDouble(value, CultureInfo.InvariantCulture)));
                break;
            case System.Collections.IEnumerable list when depth < 8:
                Tag(buffer, 6);
                var items = list.Cast<object?>().ToList();
                WriteLength(buffer, items.Count);
                foreach (var item in items)
                    WriteValue(buffer, item, depth + 1);
                break;
            case IFormattable formattable:
                Tag(buffer, 7);
                WriteText(buffer, value.GetType().FullName + ":" + formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                Tag(buffer, 7);
                WriteText(buffer, value.GetType().FullName + ":" + value);
                break;
        }
    }

    private static void Tag(ArrayBufferWriter<byte> buffer, byte tag)
    {
        buffer.GetSpan(1)[0] = tag;
        buffer.Advance(1);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteLength(ArrayBufferWriter<byte> buffer, int length)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
    }

    private static void WriteText(ArrayBufferWriter<byte> buffer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteLength(buffer, length);
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(length);
    }
}

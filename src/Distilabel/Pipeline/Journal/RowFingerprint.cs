using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

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
        buffer.WriteInt32(names.Length);
        foreach (var name in names)
        {
            buffer.WriteText(name, varintLength: false);
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
                buffer.WriteByte(0);
                break;
            case string s:
                buffer.WriteByte(1);
                buffer.WriteText(s, varintLength: false);
                break;
            case char c:
                buffer.WriteByte(1);
                buffer.WriteText(c.ToString(), varintLength: false);
                break;
            case ReadOnlyMemory<char> m:
                buffer.WriteByte(1);
                buffer.WriteText(m.ToString(), varintLength: false);
                break;
            case bool b:
                buffer.WriteByte(b ? (byte)2 : (byte)3);
                break;
            case long or int or short or sbyte or byte or ushort or uint:
                buffer.WriteByte(4);
                buffer.WriteInt64(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u when u <= long.MaxValue:
                buffer.WriteByte(4);
                buffer.WriteInt64((long)u);
                break;
            case double or float or decimal or Half or ulong:
                buffer.WriteByte(5);
                buffer.WriteInt64(BitConverter.DoubleToInt64Bits(Convert.ToDouble(value, CultureInfo.InvariantCulture)));
                break;
            case IReadOnlyDictionary<string, object?> members when depth < 8:
                // A struct (nested Hub columns): its members in order, each named.
                buffer.WriteByte(8);
                buffer.WriteInt32(members.Count);
                foreach (var (name, member) in members)
                {
                    buffer.WriteText(name, varintLength: false);
                    WriteValue(buffer, member, depth + 1);
                }

                break;
            case System.Collections.IEnumerable list when depth < 8:
                buffer.WriteByte(6);
                var items = list.Cast<object?>().ToList();
                buffer.WriteInt32(items.Count);
                foreach (var item in items)
                    WriteValue(buffer, item, depth + 1);
                break;
            case IFormattable formattable:
                buffer.WriteByte(7);
                buffer.WriteText(value.GetType().FullName + ":" + formattable.ToString(null, CultureInfo.InvariantCulture), varintLength: false);
                break;
            default:
                buffer.WriteByte(7);
                buffer.WriteText(value.GetType().FullName + ":" + value, varintLength: false);
                break;
        }
    }
}

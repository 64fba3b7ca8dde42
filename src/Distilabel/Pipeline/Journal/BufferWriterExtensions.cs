using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Distilabel.Pipeline.Journal;

/// <summary>The primitive writes shared by the journal's row codec and row fingerprints (little-endian, UTF-8).</summary>
internal static class BufferWriterExtensions
{
    public static void WriteByte(this IBufferWriter<byte> buffer, byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public static void WriteInt32(this IBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    public static void WriteInt64(this IBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public static void WriteVarint(this IBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 after its byte length (a varint, or a 32-bit integer).</summary>
    public static void WriteText(this IBufferWriter<byte> buffer, string text, bool varintLength)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (varintLength)
            buffer.WriteVarint((ulong)length);
        else
            buffer.WriteInt32(length);
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(length);
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Distilabel.Data;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// A compact, exact binary encoding of a list of (column, value) pairs, so a journaled row comes back with the very
/// same CLR values: <c>null</c>, <see cref="string"/>, <see cref="long"/>, <see cref="int"/>, <see cref="double"/>
/// (bit for bit, NaN included), <see cref="float"/>, <see cref="bool"/>, and lists of those (nullable elements
/// allowed; a list comes back as a <see cref="List{T}"/> of the same element type). Values are classified by the row
/// value model (<see cref="Cell"/>): other integer widths come back as <see cref="long"/>, text of any form as
/// <see cref="string"/>; decimals, structs, nested lists, bytes and dates are refused.
/// </summary>
internal static class RowValueCodec
{
    private const byte Null = 0, String = 1, Int64 = 2, Int32 = 3, Double = 4, True = 5, False = 6, Single = 7, List = 8;

    // Integers as zig-zag varints (a rating is one byte, not eight); the fixed-width tags above are still read.
    private const byte VarInt64 = 9, VarInt32 = 10;

    /// <summary>The first tag the codec leaves to an enclosing format (<see cref="JournalEntryCodec"/>).</summary>
    public const byte FirstExtensionTag = 32;

    private enum ElementType : byte
    {
        String = 1,
        Int64 = 2,
        NullableInt64 = 3,
        Int32 = 4,
        NullableInt32 = 5,
        Double = 6,
        NullableDouble = 7,
        Boolean = 8,
        NullableBoolean = 9,
        Object = 10,
    }

    /// <summary>Encodes the columns. Throws <see cref="NotSupportedException"/> naming a column whose value has another type.</summary>
    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, object?>> columns)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.WriteVarint((ulong)columns.Count);
        foreach (var (name, value) in columns)
        {
            buffer.WriteText(name, varintLength: true);
            if (!TryWriteValue(buffer, value, depth: 0))
                throw new NotSupportedException($"The run journal cannot store column '{name}': values of type {value!.GetType().Name} are not supported.");
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote. Throws <see cref="FormatException"/> on damaged bytes.</summary>
    public static List<KeyValuePair<string, object?>> Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Reader(bytes);
            var count = checked((int)reader.Varint());
            var columns = new List<KeyValuePair<string, object?>>(count);
            for (var i = 0; i < count; i++)
            {
                var name = reader.String();
                columns.Add(new(name, ReadValue(ref reader, depth: 0)));
            }

            if (!reader.AtEnd)
                throw new FormatException("trailing bytes");
            return columns;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException or DecoderFallbackException)
        {
            throw new FormatException("damaged journal entry", e);
        }
    }

    /// <summary>Writes one value (tag, then payload); false when its type is not supported.</summary>
    public static bool TryWriteValue(IBufferWriter<byte> buffer, object? value, int depth) => TryWriteCell(buffer, Cell.Of(value), depth);

    /// <summary>Writes one classified value (tag, then payload); false when its kind is not supported.</summary>
    public static bool TryWriteCell(IBufferWriter<byte> buffer, in Cell cell, int depth)
    {
        switch (cell.Kind)
        {
            case CellKind.Null:
                buffer.WriteByte(Null);
                return true;
            case CellKind.Text:
                buffer.WriteByte(String);
                buffer.WriteText(cell.Text, varintLength: true);
                return true;
            case CellKind.Integer:
                // An int comes back as an int, any other integer as a long.
                buffer.WriteByte(cell.Narrow ? VarInt32 : VarInt64);
                buffer.WriteVarint(ZigZag(cell.Integer));
                return true;
            case CellKind.Float when cell.Narrow:
                buffer.WriteByte(Single);
                buffer.WriteInt64(BitConverter.SingleToInt32Bits((float)cell.Value!));
                return true;
            case CellKind.Float:
                buffer.WriteByte(Double);
                buffer.WriteInt64(BitConverter.DoubleToInt64Bits(cell.Float));
                return true;
            case CellKind.Boolean:
                buffer.WriteByte(cell.Boolean ? True : False);
                return true;
            case CellKind.TextList or CellKind.IntegerList or CellKind.List when depth == 0 && ElementTypeOf(cell.Items) is { } element:
                buffer.WriteByte(List);
                buffer.WriteByte((byte)element);
                var items = cell.Items.Cast<object?>().ToList();
                buffer.WriteVarint((ulong)items.Count);
                foreach (var item in items)
                {
                    if (!TryWriteValue(buffer, item, depth + 1))
                        return false;
                }

                return true;
            default:
                return false;
        }
    }

    private static ElementType? ElementTypeOf(System.Collections.IEnumerable list)
    {
        var type = list.GetType();
        var element = type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        if (element == typeof(string)) return ElementType.String;
        if (element == typeof(long)) return ElementType.Int64;
        if (element == typeof(long?)) return ElementType.NullableInt64;
        if (element == typeof(int)) return ElementType.Int32;
        if (element == typeof(int?)) return ElementType.NullableInt32;
        if (element == typeof(double)) return ElementType.Double;
        if (element == typeof(double?)) return ElementType.NullableDouble;
        if (element == typeof(bool)) return ElementType.Boolean;
        if (element == typeof(bool?)) return ElementType.NullableBoolean;
        if (element == typeof(object)) return ElementType.Object;
        return null;
    }

    internal static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    internal static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>Reads one value written by <see cref="TryWriteValue"/>.</summary>
    public static object? ReadValue(ref Reader reader, int depth)
    {
        var tag = reader.Byte();
        switch (tag)
        {
            case Null: return null;
            case String: return reader.String();
            case Int64: return reader.Int64();
            case Int32: return checked((int)reader.Int64());
            case VarInt64: return UnZigZag(reader.Varint());
            case VarInt32: return checked((int)UnZigZag(reader.Varint()));
            case Double: return BitConverter.Int64BitsToDouble(reader.Int64());
            case Single: return BitConverter.Int32BitsToSingle(checked((int)reader.Int64()));
            case True: return true;
            case False: return false;
            case List when depth == 0:
                var element = (ElementType)reader.Byte();
                var count = checked((int)reader.Varint());
                if (count > reader.Remaining)
                    throw new FormatException("damaged list length");
                var items = new object?[count];
                for (var i = 0; i < count; i++)
                    items[i] = ReadValue(ref reader, depth + 1);
                return element switch
                {
                    ElementType.String => items.Select(v => (string?)v).ToList(),
                    ElementType.Int64 => items.Select(v => (long)v!).ToList(),
                    ElementType.NullableInt64 => items.Select(v => (long?)v).ToList(),
                    ElementType.Int32 => items.Select(v => (int)v!).ToList(),
                    ElementType.NullableInt32 => items.Select(v => (int?)v).ToList(),
                    ElementType.Double => items.Select(v => (double)v!).ToList(),
                    ElementType.NullableDouble => items.Select(v => (double?)v).ToList(),
                    ElementType.Boolean => items.Select(v => (bool)v!).ToList(),
                    ElementType.NullableBoolean => items.Select(v => (bool?)v).ToList(),
                    ElementType.Object => (object)items.ToList(),
                    _ => throw new FormatException($"unknown list element type {(byte)element}"),
                };
            default:
                throw new FormatException($"unknown value tag {tag}");
        }
    }

    /// <summary>Reads the codec's primitives from a span; out-of-range reads throw (callers map them to <see cref="FormatException"/>).</summary>
    public ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public readonly int Remaining => _bytes.Length - _position;

        public byte Byte() => _bytes[_position++];

        public readonly byte Peek() => _bytes[_position];

        public ReadOnlySpan<byte> Bytes(int length)
        {
            var slice = _bytes.Slice(_position, length);
            _position += length;
            return slice;
        }

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_bytes.Slice(_position, 8));
            _position += 8;
            return value;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _bytes[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }

            throw new FormatException("damaged length");
        }

        public string String()
        {
            var length = checked((int)Varint());
            var text = Strict.GetString(_bytes.Slice(_position, length));
            _position += length;
            return text;
        }
    }
}

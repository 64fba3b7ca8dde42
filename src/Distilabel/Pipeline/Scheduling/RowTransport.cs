using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline.Scheduling;

/// <summary>
/// A labelled row as bytes, for schedulers that move rows between processes: the run journal's own encoding, so a
/// row decoded on the other side has the same column order and value types (a <c>long</c> stays a <c>long</c>) and
/// is written byte for byte as the process that labelled it would have written it.
/// </summary>
public static class RowTransport
{
    /// <summary>The row's columns, in order.</summary>
    /// <exception cref="NotSupportedException">A column holds a value of a type rows cannot hold.</exception>
    public static byte[] EncodeValues(IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return RowValueCodec.Encode(values.ToList());
    }

    /// <summary>Reads <see cref="EncodeValues"/>'s bytes back. Throws <see cref="FormatException"/> on damaged bytes.</summary>
    public static IReadOnlyDictionary<string, object?> DecodeValues(ReadOnlySpan<byte> bytes)
    {
        var columns = RowValueCodec.Decode(bytes);
        var values = new OrderedDictionary<string, object?>(columns.Count);
        foreach (var (name, value) in columns)
            values.Add(name, value);
        return values;
    }

    /// <summary>The row's typed error as text (kind, reason, detail, step, generation, parts).</summary>
    public static string EncodeError(RowError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return RowErrorCodec.Encode(error);
    }

    /// <summary>Reads <see cref="EncodeError"/>'s text back.</summary>
    public static RowError DecodeError(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RowErrorCodec.Decode(text);
    }
}

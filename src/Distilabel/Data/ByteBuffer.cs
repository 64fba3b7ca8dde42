using System.Text;
using System.Text.Unicode;

namespace Distilabel.Data;

/// <summary>
/// A growable read buffer over a stream for the text readers: the unconsumed bytes stay contiguous (so a line
/// or record of any size can be parsed in place), and byte offsets in the stream are tracked for messages.
/// Memory grows only with the largest line, never with the number of lines.
/// </summary>
internal sealed class ByteBuffer
{
    private const int InitialSize = 1 << 16;
    private readonly Stream _stream;
    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;
    private long _bufferOffset;

    public ByteBuffer(Stream stream) => _stream = stream;

    /// <summary>True once the stream has no more bytes.</summary>
    public bool EndOfStream { get; private set; }

    /// <summary>The unconsumed bytes.</summary>
    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The stream offset of the first unconsumed byte.</summary>
    public long Offset => _bufferOffset + _start;

    /// <summary>Consumes <paramref name="count"/> bytes.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _bufferOffset += _end;
            _start = _end = 0;
        }
    }

    /// <summary>Reads more bytes, keeping the unconsumed ones (moved to the front or into a larger buffer).
    /// Returns false at the end of the stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (EndOfStream)
            return false;
        if (_start > 0)
        {
            var length = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, length);
            _bufferOffset += _start;
            _start = 0;
            _end = length;
        }

        if (_end == _buffer.Length)
        {
            var larger = new byte[checked(_buffer.Length * 2)];
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            _buffer = larger;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            EndOfStream = true;
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>Skips a UTF-8 byte order mark at the very start of the stream.</summary>
    public async ValueTask SkipByteOrderMarkAsync(CancellationToken cancellationToken)
    {
        while (Available.Length < 3 && await FillAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        if (Available.StartsWith(Encoding.UTF8.Preamble))
            Consume(3);
    }

    /// <summary>The index of the first byte of an invalid UTF-8 sequence, or -1 when <paramref name="bytes"/> is valid.</summary>
    public static int FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
            return -1;
        var index = 0;
        while (index < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                return index;
            index += consumed;
        }

        return -1;
    }
}

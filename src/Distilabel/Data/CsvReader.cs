using System.Runtime.CompilerServices;
using System.Text;

namespace Distilabel.Data;

/// <summary>
/// Reads CSV (RFC 4180) as a lazy stream of rows: UTF-8 (optional BOM); a header row names the columns; fields
/// may be quoted with <c>"</c> (a doubled <c>""</c> inside is a quote) and quoted fields may span lines; records
/// end with <c>\r\n</c> or <c>\n</c>; blank lines are skipped. CSV has no types, so every value is a string (a number
/// as its text, a list written by <see cref="CsvWriter"/> as its JSON text; nothing is parsed); an unquoted empty field is
/// <c>null</c> when <see cref="DatasetReadOptions.CsvEmptyAsNull"/> (the default), a quoted empty field is
/// <c>""</c>. An empty header cell is named <c>Unnamed: i</c> (as pandas does). Memory is bounded by the largest record.
/// </summary>
public static class CsvReader
{
    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>Reads a file. A missing file throws <see cref="DatasetFormatException"/> at once; malformed content
    /// throws it during enumeration (naming the file and 1-based line).</summary>
    public static IAsyncEnumerable<Row> ReadAsync(string path, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = DatasetPaths.RequireExisting(path);
        return ReadCoreAsync(() => DatasetPaths.OpenRead(full), ownsStream: true, full, options ?? DatasetReadOptions.Default, cancellationToken);
    }

    /// <summary>Reads a stream (left open); <paramref name="name"/> is used in error messages.</summary>
    public static IAsyncEnumerable<Row> ReadAsync(Stream stream, string name, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCoreAsync(() => stream, ownsStream: false, name, options ?? DatasetReadOptions.Default, cancellationToken);
    }

    private static async IAsyncEnumerable<Row> ReadCoreAsync(
        Func<Stream> open,
        bool ownsStream,
        string name,
        DatasetReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var delimiter = (byte)options.CsvDelimiter;
        if (options.CsvDelimiter is '"' or '\r' or '\n' || options.CsvDelimiter > 127)
            throw new ArgumentException($"The CSV delimiter must be an ASCII character other than a quote or a line break (got '{options.CsvDelimiter}').", nameof(options));

        var stream = open();
        try
        {
            var buffer = new ByteBuffer(stream);
            await buffer.SkipByteOrderMarkAsync(cancellationToken).ConfigureAwait(false);
            var parser = new RecordParser(delimiter, name);
            string[]? header = null;
            long rowNumber = 0;
            while (true)
            {
                if (!parser.TryParse(buffer.Available, buffer.EndOfStream))
                {
                    if (buffer.EndOfStream)
                        yield break;
                    await buffer.FillAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Row? row = null;
                if (!parser.IsBlank)
                {
                    if (header is null)
                    {
                        header = parser.ReadHeader(buffer.Available, buffer.Offset);
                    }
                    else
                    {
                        rowNumber++;
                        try
                        {
                            row = parser.ReadRow(buffer.Available, buffer.Offset, header, rowNumber, options);
                        }
                        catch (DatasetFormatException e) when (options.SkipBadRows)
                        {
                            options.OnBadRow?.Invoke(e);
                        }
                    }
                }

                buffer.Consume(parser.RecordLength);
                parser.Reset();
                if (row is not null)
                    yield return row;
            }
        }
        finally
        {
            if (ownsStream)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A resumable RFC 4180 record scanner: positions are relative to the record's first byte, so the
    /// buffer may grow between calls without rescanning.</summary>
    private sealed class RecordParser(byte delimiter, string name)
    {
        private readonly List<(int Start, int End, bool Quoted)> _fields = [];
        private State _state = State.FieldStart;
        private int _position;
        private int _fieldStart;
        private long _line = 1;
        private long _recordLine = 1;

        /// <summary>Bytes of the complete record, terminator included.</summary>
        public int RecordLength { get; private set; }

        /// <summary>The record is an empty line.</summary>
        public bool IsBlank => _fields.Count == 1 && _fields[0].Start == _fields[0].End && !_fields[0].Quoted;

        public void Reset()
        {
            _fields.Clear();
            _state = State.FieldStart;
            _position = 0;
            _fieldStart = 0;
            _recordLine = _line;
            RecordLength = 0;
        }

        /// <summary>Scans on; true when a whole record is in <paramref name="span"/>.</summary>
        public bool TryParse(ReadOnlySpan<byte> span, bool endOfStream)
        {
            var quote = (byte)'"';
            while (_position < span.Length)
            {
                switch (_state)
                {
                    case State.FieldStart:
                        var first = span[_position];
                        if (first == quote)
                        {
                            _state = State.Quoted;
                            _fieldStart = _position + 1;
                            _position++;
                            continue;
                        }

                        _fieldStart = _position;
                        _state = State.Unquoted;
                        continue;

                    case State.Unquoted:
                        var stop = span[_position..].IndexOfAny(delimiter, (byte)'\n', (byte)'\r');
                        if (stop < 0)
                        {
                            _position = span.Length;
                            continue;
                        }

                        _position += stop;
                        var end = _position;
                        var terminator = Terminator(span, _position, endOfStream);
                        if (terminator == -1)
                            return false;
                        if (terminator == 0 && span[_position] != delimiter)
                        {
                            _position++;
                            continue; // a lone \r is data
                        }

                        _fields.Add((_fieldStart, end, false));
                        if (terminator > 0)
                            return Complete(terminator);
                        _position++;
                        _state = State.FieldStart;
                        if (_position == span.Length && endOfStream)
                        {
                            _fields.Add((_position, _position, false));
                            return Complete(0);
                        }

                        continue;

                    case State.Quoted:
                        var next = span[_position..].IndexOfAny(quote, (byte)'\n');
                        if (next < 0)
                        {
                            _position = span.Length;
                            continue;
                        }

                        _position += next;
                        if (span[_position] == (byte)'\n')
                            _line++;
                        else
                            _state = State.QuoteInQuoted;
                        _position++;
                        continue;

                    case State.QuoteInQuoted:
                        var after = span[_position];
                        if (after == quote)
                        {
                            _state = State.Quoted;
                            _position++;
                            continue;
                        }

                        var closing = _position - 1;
                        if (after == delimiter)
                        {
                            _fields.Add((_fieldStart, closing, true));
                            _position++;
                            _state = State.FieldStart;
                            if (_position == span.Length && endOfStream)
                            {
                                _fields.Add((_position, _position, false));
                                return Complete(0);
                            }

                            continue;
                        }

                        var quotedTerminator = Terminator(span, _position, endOfStream);
                        if (quotedTerminator == -1)
                            return false;
                        if (quotedTerminator > 0)
                        {
                            _fields.Add((_fieldStart, closing, true));
                            return Complete(quotedTerminator);
                        }

                        throw new DatasetFormatException(
                            name, $"unexpected character '{(char)after}' after the closing quote of a field (a quote inside a quoted field must be doubled)", _line);
                }
            }

            if (!endOfStream)
                return false;

            // End of input: close the last record.
            switch (_state)
            {
                case State.Quoted:
                    throw new DatasetFormatException(name, $"a quoted field that starts on line {_recordLine} is never closed (missing '\"')", _recordLine);
                case State.QuoteInQuoted:
                    _fields.Add((_fieldStart, _position - 1, true));
                    return Complete(0);
                case State.Unquoted:
                    _fields.Add((_fieldStart, _position, false));
                    return Complete(0);
                default:
                    if (_position == 0)
                        return false;
                    _fields.Add((_position, _position, false));
                    return Complete(0);
            }
        }

        public string[] ReadHeader(ReadOnlySpan<byte> record, long offset)
        {
            var header = new string[_fields.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                var text = Decode(record, offset, i) ?? "";
                if (text.Length == 0)
                    text = $"Unnamed: {i}";
                if (!seen.Add(text))
                    throw new DatasetFormatException(name, $"the header names column '{text}' twice", _recordLine, column: text);
                header[i] = text;
            }

            return header;
        }

        public Row ReadRow(ReadOnlySpan<byte> record, long offset, string[] header, long rowNumber, DatasetReadOptions options)
        {
            if (_fields.Count != header.Length)
            {
                throw new DatasetFormatException(
                    name, $"expected {header.Length} fields (as in the header) but found {_fields.Count}", _recordLine, rowNumber);
            }

            var row = new Row(header.Length);
            for (var i = 0; i < header.Length; i++)
            {
                var (start, end, quoted) = _fields[i];
                row[header[i]] = !quoted && start == end
                    ? (options.CsvEmptyAsNull ? null : "")
                    : Decode(record, offset, i, header[i], rowNumber);
            }

            return DatasetPaths.Project(row, options.Columns, name, _recordLine, rowNumber);
        }

        private string? Decode(ReadOnlySpan<byte> record, long offset, int index, string? column = null, long? rowNumber = null)
        {
            var (start, end, quoted) = _fields[index];
            var bytes = record[start..end];
            var invalid = ByteBuffer.FindInvalidUtf8(bytes);
            if (invalid >= 0)
            {
                var line = _recordLine + record[..(start + invalid)].Count((byte)'\n');
                throw new DatasetFormatException(
                    name, $"invalid UTF-8 (byte 0x{bytes[invalid]:X2})", line, rowNumber, column, offset + start + invalid);
            }

            var text = Encoding.UTF8.GetString(bytes);
            return quoted && text.Contains("\"\"", StringComparison.Ordinal) ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
        }

        /// <summary>At a \n or \r: the terminator length (1 or 2); 0 when a lone \r (data) or the delimiter;
        /// -1 when more bytes are needed to decide.</summary>
        private static int Terminator(ReadOnlySpan<byte> span, int position, bool endOfStream)
        {
            var b = span[position];
            if (b == (byte)'\n')
                return 1;
            if (b != (byte)'\r')
                return 0;
            if (position + 1 < span.Length)
                return span[position + 1] == (byte)'\n' ? 2 : 0;
            return endOfStream ? 1 : -1;
        }

        private bool Complete(int terminatorLength)
        {
            RecordLength = _position + terminatorLength;
            if (terminatorLength > 0)
                _line++;
            return true;
        }
    }
}

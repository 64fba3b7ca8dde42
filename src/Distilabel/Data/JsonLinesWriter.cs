using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Distilabel.Data;

/// <summary>
/// Writes rows as JSON Lines (UTF-8, one object per line, <c>\n</c> endings, columns in row order). Strings are
/// written with relaxed escaping (non-ASCII stays readable); lists of strings and lists of integers become JSON
/// arrays (null elements as <c>null</c>), which <see cref="JsonLinesReader"/> reads back as the same lists; NaN and
/// infinities become the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
/// </summary>
public sealed class JsonLinesWriter : DatasetWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private const int FlushThreshold = 1 << 16;
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly ArrayBufferWriter<byte> _pending = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;

    private JsonLinesWriter(string path)
        : base(path)
    {
        _json = new Utf8JsonWriter(_line, WriterOptions);
    }

    /// <summary>Opens a writer (checking at once that <paramref name="path"/> is writable).</summary>
    public static JsonLinesWriter Create(string path) => new(path);

    private protected override async ValueTask WriteRowAsync(IReadOnlyDictionary<string, object?> row, long rowNumber, CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        foreach (var (column, raw) in row)
        {
            var value = RowValues.Normalize(raw, column, rowNumber);
            try
            {
                _json.WritePropertyName(column);
                WriteValue(_json, value);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new ArgumentException($"Row {rowNumber}, column '{column}': cannot write the value as JSON ({e.Message})", e);
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        _line.GetSpan(1)[0] = (byte)'\n';
        _line.Advance(1);

        // Whole lines only reach the file, in batches.
        if (_line.WrittenCount >= FlushThreshold)
        {
            await FlushPendingAsync(cancellationToken).ConfigureAwait(false);
            await File.Stream.WriteAsync(_line.WrittenMemory, cancellationToken).ConfigureAwait(false);
            return;
        }

        _pending.Write(_line.WrittenSpan);
        if (_pending.WrittenCount >= FlushThreshold)
            await FlushPendingAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override ValueTask FinishAsync(CancellationToken cancellationToken) => FlushPendingAsync(cancellationToken);

    private async ValueTask FlushPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount == 0)
            return;
        await File.Stream.WriteAsync(_pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _pending.ResetWrittenCount();
    }

    private protected override ValueTask ReleaseAsync()
    {
        _json.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static void WriteValue(Utf8JsonWriter json, object? value)
    {
        var cell = Cell.Of(value);
        switch (cell.Kind)
        {
            case CellKind.Null:
                json.WriteNullValue();
                break;
            case CellKind.Text or CellKind.Formatted:
                json.WriteStringValue(cell.Text);
                break;
            case CellKind.Integer:
                json.WriteNumberValue(cell.Integer);
                break;
            case CellKind.Float when double.IsFinite(cell.Float):
                json.WriteNumberValue(cell.Float);
                break;
            case CellKind.Float:
                json.WriteStringValue(double.IsNaN(cell.Float) ? "NaN" : cell.Float > 0 ? "Infinity" : "-Infinity");
                break;
            case CellKind.Boolean:
                json.WriteBooleanValue(cell.Boolean);
                break;
            case CellKind.Decimal:
                json.WriteNumberValue(cell.Decimal);
                break;
            case CellKind.Struct:
                json.WriteStartObject();
                foreach (var (name, member) in cell.Members)
                {
                    json.WritePropertyName(name);
                    WriteValue(json, member);
                }

                json.WriteEndObject();
                break;
            case CellKind.TextList or CellKind.IntegerList or CellKind.List:
                json.WriteStartArray();
                foreach (var item in cell.Items)
                    WriteValue(json, item);
                json.WriteEndArray();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value!.GetType().Name, "Not a normalised row value.");
        }
    }
}

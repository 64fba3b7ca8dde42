using Parquet;
using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// Writes rows to Parquet one row group at a time (memory holds one row group). The schema is
/// <see cref="DatasetWriteOptions.Schema"/> or inferred from the first <see cref="DatasetWriteOptions.RowGroupSize"/>
/// rows (see there); every column is nullable; list columns (<c>list&lt;string&gt;</c> and <c>list&lt;int64&gt;</c>,
/// nullable elements) use the standard 3-level LIST layout (<c>list</c>/<c>element</c>, as pyarrow writes). Later rows
/// must fit the schema: a new column or a value of another type (a list of strings in an integer-list column, say)
/// is an <see cref="ArgumentException"/> naming the row and column (the writer stays usable).
/// Integral doubles fit integer columns; integers fit double columns; an empty or all-null list fits either list type.
/// Nested values (structs, lists of structs) take the source's field where <see cref="DatasetWriteOptions.SourceSchema"/>
/// has the column, else a type inferred from the first row group's values (<see cref="ParquetShape"/>).
/// Named <c>ParquetRowWriter</c> to stay clear of Parquet.Net's own types.
/// </summary>
public sealed class ParquetRowWriter : DatasetWriter
{
    private readonly int _rowGroupSize;
    private readonly List<object?[]> _buffer = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _columns = [];
    private readonly List<DatasetColumnType?> _types = [];
    private readonly List<Field?> _sourceFields = [];
    private readonly ParquetSourceSchema? _source;
    private readonly IReadOnlyDictionary<string, string>? _metadata;
    private readonly HashSet<int> _tentative = [];
    private readonly Dictionary<string, ParquetShape> _shapes = new(StringComparer.Ordinal);
    private bool _schemaFixed;
    private ParquetSchema? _schema;
    private ParquetWriter? _writer;

    private ParquetRowWriter(string path, DatasetWriteOptions options)
        : base(path)
    {
        if (options.RowGroupSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.RowGroupSize, "RowGroupSize must be at least 1.");
        _rowGroupSize = options.RowGroupSize;
        _source = options.SourceSchema;
        _metadata = options.Metadata;
        if (options.Schema is { } schema)
        {
            foreach (var column in schema)
            {
                if (!_index.TryAdd(column.Name, _columns.Count))
                    throw new ArgumentException($"The schema names column '{column.Name}' twice.", nameof(options));
                _columns.Add(column.Name);
                _types.Add(column.Type);
                _sourceFields.Add(null);
            }

            _schemaFixed = true;
        }
    }

    /// <summary>The schema in use: explicit, or inferred once the first row group is written (null before).</summary>
    public IReadOnlyList<DatasetColumn>? Schema => _schemaFixed
        ? _columns.Select((name, i) => new DatasetColumn(name, _types[i] ?? DatasetColumnType.String)).ToArray()
        : null;

    /// <summary>Opens a writer (checking at once that <paramref name="path"/> is writable).</summary>
    public static ParquetRowWriter Create(string path, DatasetWriteOptions? options = null) => new(path, options ?? DatasetWriteOptions.Default);

    private protected override async ValueTask WriteRowAsync(IReadOnlyDictionary<string, object?> row, long rowNumber, CancellationToken cancellationToken)
    {
        var values = _schemaFixed ? Fit(row, rowNumber) : Accumulate(row, rowNumber);
        _buffer.Add(values);
        if (_buffer.Count >= _rowGroupSize)
            await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_writer is null)
        {
            // No rows: an explicit schema (or, failing that, a single string column) still makes a valid file.
            if (_columns.Count == 0)
            {
                _columns.Add("text");
                _types.Add(DatasetColumnType.String);
                _sourceFields.Add(null);
            }

            await EnsureWriterAsync(cancellationToken).ConfigureAwait(false);
        }

        var metadata = new Dictionary<string, string>(_writer!.CustomMetadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in Metadata)
            metadata[key] = value;
        if (metadata.Count > 0)
            _writer.CustomMetadata = metadata;
        await _writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
    }

    private protected override async ValueTask ReleaseAsync()
    {
        if (_writer is { } writer)
        {
            _writer = null;
            try
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The file is being abandoned.
            }
        }
    }

    /// <summary>Before the schema is fixed: records the row by column position, growing the column list and
    /// checking type consistency (nothing changes when the row is rejected).</summary>
    private object?[] Accumulate(IReadOnlyDictionary<string, object?> row, long rowNumber)
    {
        var normalized = new List<(string Column, object? Value)>(row.Count);
        var merged = new Dictionary<string, InferredType>(StringComparer.Ordinal);
        foreach (var (column, raw) in row)
        {
            var value = RowValues.Normalize(raw, column, rowNumber);
            normalized.Add((column, value));
            if (value is null || _source?.Find(column) is not null)
                continue;
            if (RowValues.IsNested(value) || _shapes.ContainsKey(column))
            {
                // A nested value without a source schema: its Parquet type is inferred from the values themselves.
                var seen = _shapes.TryGetValue(column, out var shape) ? shape
                    : _index.TryGetValue(column, out var c) && _types[c] is { } scalar ? ShapeOf(scalar, column, rowNumber) : ParquetShape.Unknown;
                _shapes[column] = MergeShape(seen, value, column, rowNumber);
                continue;
            }

            InferredType? known = _index.TryGetValue(column, out var i) && _types[i] is { } type ? new InferredType(type, _tentative.Contains(i)) : null;
            if (!RowValues.TryMerge(known, value, out var result))
            {
                throw new ArgumentException(
                    $"Row {rowNumber}, column '{column}': {RowValues.Describe(value)} does not fit the column's {known!.Value.Type} values seen before; "
                    + "a column holds one type (pass DatasetWriteOptions.Schema to choose it).");
            }

            merged[column] = result;
        }

        foreach (var (column, _) in normalized)
        {
            if (!_index.ContainsKey(column))
            {
                _index[column] = _columns.Count;
                _columns.Add(column);
                _types.Add(null);
                _sourceFields.Add(_source?.Find(column));
            }
        }

        foreach (var (column, (type, tentative)) in merged)
        {
            var i = _index[column];
            _types[i] = type;
            if (tentative)
                _tentative.Add(i);
            else
                _tentative.Remove(i);
        }

        var values = new object?[_columns.Count];
        foreach (var (column, value) in normalized)
            values[_index[column]] = value;
        return values;
    }

    /// <summary>After the schema is fixed: maps the row onto it, converting compatible values.</summary>
    private object?[] Fit(IReadOnlyDictionary<string, object?> row, long rowNumber)
    {
        var values = new object?[_columns.Count];
        foreach (var (column, raw) in row)
        {
            if (!_index.TryGetValue(column, out var i))
            {
                throw new ArgumentException(
                    $"Row {rowNumber}, column '{column}': the Parquet schema has no such column (schema: {Row.DescribeColumns(_columns)}); "
                    + "pass DatasetWriteOptions.Schema when later rows add columns.");
            }

            var value = RowValues.Normalize(raw, column, rowNumber);
            if (_shapes.TryGetValue(column, out var shape) && value is not null && !MergeShape(shape, value, column, rowNumber).Equals(shape))
            {
                throw new ArgumentException(
                    $"Row {rowNumber}, column '{column}': {RowValues.Describe(value)} does not fit the column's {shape} type inferred from the rows before; "
                    + "pass the schema as DatasetWriteOptions.SourceSchema.");
            }

            values[i] = value is null || _sourceFields[i] is not null ? value : Convert(value, _types[i] ?? DatasetColumnType.String, column, rowNumber);
        }

        return values;
    }

    private static object Convert(object value, DatasetColumnType type, string column, long rowNumber)
    {
        var cell = Cell.Of(value);
        switch (type, cell.Kind)
        {
            case (DatasetColumnType.String, CellKind.Text):
            case (DatasetColumnType.Int64, CellKind.Integer):
            case (DatasetColumnType.Double, CellKind.Float):
            case (DatasetColumnType.Boolean, CellKind.Boolean):
            case (DatasetColumnType.StringList, CellKind.TextList):
            case (DatasetColumnType.Int64List, CellKind.IntegerList):
                return value;
            case (DatasetColumnType.StringList or DatasetColumnType.Int64List, _) when RowValues.IsUntypedList(value):
                return value; // empty or all null: fits either list type
            case (DatasetColumnType.Decimal, CellKind.Decimal):
                return value;
            case (DatasetColumnType.Decimal, CellKind.Integer):
                return (decimal)cell.Integer;
            case (DatasetColumnType.Int32, CellKind.Integer) when cell.Integer is >= int.MinValue and <= int.MaxValue:
                return value;
            case (DatasetColumnType.Double, CellKind.Integer):
                return (double)cell.Integer;
            case (DatasetColumnType.Int64 or DatasetColumnType.Int32, CellKind.Float) when cell.Float == Math.Floor(cell.Float) && cell.Float is >= long.MinValue and < 9.2233720368547758E+18:
                return Convert((long)cell.Float, type, column, rowNumber);
            default:
                throw new ArgumentException($"Row {rowNumber}, column '{column}': {RowValues.Describe(value)} does not fit the column type {type}.");
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
            return;
        _schemaFixed = true;
        await EnsureWriterAsync(cancellationToken).ConfigureAwait(false);
        var fields = _schema!.Fields;
        using (var group = _writer!.CreateRowGroup())
        {
            for (var c = 0; c < _columns.Count; c++)
                await WriteColumnAsync(group, fields[c], _types[c] ?? DatasetColumnType.String, c, cancellationToken).ConfigureAwait(false);
            group.CompleteValidate();
        }

        _buffer.Clear();
        await File.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask EnsureWriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
            return;
        _schemaFixed = true;
        foreach (var (column, shape) in _shapes)
            _sourceFields[_index[column]] ??= shape.ToField(column);
        _schema = new ParquetSchema(_columns.Select((name, i) => _sourceFields[i] is { } source
            ? source.Name == name ? source : ParquetFields.WithName(source, name)
            : CreateField(name, _types[i] ?? DatasetColumnType.String)));
        _writer = await ParquetWriter.CreateAsync(_schema, File.Stream, null, false, cancellationToken).ConfigureAwait(false);
        var metadata = new Dictionary<string, string>(_source?.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in _metadata ?? new Dictionary<string, string>())
            metadata[key] = value;
        if (metadata.TryGetValue(HuggingFaceFeatures.MetadataKey, out var features))
        {
            if (HuggingFaceFeatures.Reconcile(features, _schema.Fields, _source?.Fields.Select(f => f.Name).ToList() ?? []) is { } reconciled)
                metadata[HuggingFaceFeatures.MetadataKey] = reconciled;
            else
                metadata.Remove(HuggingFaceFeatures.MetadataKey);
        }

        if (metadata.Count > 0)
            _writer.CustomMetadata = metadata;
    }

    private static ParquetShape MergeShape(ParquetShape seen, object? value, string column, long rowNumber)
    {
        try
        {
            return ParquetShape.Merge(seen, ParquetShape.Of(value), column);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Row {rowNumber}, column '{column}': {e.Message} (pass the schema as DatasetWriteOptions.SourceSchema).", e);
        }
    }

    /// <summary>The shape of a column whose earlier values were flat, for when a nested value follows them.</summary>
    private static ParquetShape ShapeOf(DatasetColumnType type, string column, long rowNumber) => type switch
    {
        DatasetColumnType.String => ParquetShape.Of(""),
        DatasetColumnType.Int64 or DatasetColumnType.Int32 => ParquetShape.Of(0L),
        DatasetColumnType.Double => ParquetShape.Of(0d),
        DatasetColumnType.Boolean => ParquetShape.Of(false),
        DatasetColumnType.Decimal => ParquetShape.Of(0m),
        DatasetColumnType.StringList => ParquetShape.Of(new[] { "" }),
        DatasetColumnType.Int64List => ParquetShape.Of(new long?[] { 0 }),
        _ => throw new ArgumentException($"Row {rowNumber}, column '{column}': a nested value follows {type} values."),
    };

    private static Field CreateField(string name, DatasetColumnType type) => type switch
    {
        DatasetColumnType.String => new DataField<string>(name, true),
        DatasetColumnType.Int64 => new DataField<long?>(name),
        DatasetColumnType.Int32 => new DataField<int?>(name),
        DatasetColumnType.Double => new DataField<double?>(name),
        DatasetColumnType.Boolean => new DataField<bool?>(name),
        DatasetColumnType.StringList => new ListField(name, new DataField<string>("element", true)),
        DatasetColumnType.Int64List => new ListField(name, new DataField<long?>("element")),
        DatasetColumnType.Decimal => new DecimalDataField(name, 38, 18, isNullable: true),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private async ValueTask WriteColumnAsync(ParquetRowGroupWriter group, Field field, DatasetColumnType type, int c, CancellationToken cancellationToken)
    {
        var n = _buffer.Count;
        if (_sourceFields[c] is not null)
        {
            var shredder = new ParquetColumnShredder(field);
            for (var i = 0; i < n; i++)
                shredder.Add(At(i, c));
            await shredder.WriteAsync(group, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (type)
        {
            case DatasetColumnType.Decimal:
                var decimals = new decimal?[n];
                for (var i = 0; i < n; i++)
                    decimals[i] = (decimal?)At(i, c);
                await group.WriteAsync<decimal>((DataField)field, decimals.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                break;
            case DatasetColumnType.String:
                var strings = new string?[n];
                for (var i = 0; i < n; i++)
                    strings[i] = (string?)At(i, c);
                await group.WriteAsync((DataField)field, strings).ConfigureAwait(false);
                break;
            case DatasetColumnType.Int64:
                var longs = new long?[n];
                for (var i = 0; i < n; i++)
                    longs[i] = (long?)At(i, c);
                await group.WriteAsync<long>((DataField)field, longs.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                break;
            case DatasetColumnType.Int32:
                var ints = new int?[n];
                for (var i = 0; i < n; i++)
                    ints[i] = At(i, c) is long l ? (int)l : null;
                await group.WriteAsync<int>((DataField)field, ints.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                break;
            case DatasetColumnType.Double:
                var doubles = new double?[n];
                for (var i = 0; i < n; i++)
                    doubles[i] = At(i, c) switch { double d => d, long l => l, _ => null };
                await group.WriteAsync<double>((DataField)field, doubles.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                break;
            case DatasetColumnType.Boolean:
                var booleans = new bool?[n];
                for (var i = 0; i < n; i++)
                    booleans[i] = (bool?)At(i, c);
                await group.WriteAsync<bool>((DataField)field, booleans.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                break;
            case DatasetColumnType.StringList:
                await WriteListAsync(group, (ListField)field, c, StringAt, cancellationToken).ConfigureAwait(false);
                break;
            case DatasetColumnType.Int64List:
                await WriteListAsync(group, (ListField)field, c, Int64At, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Writes a list column as values plus definition/repetition levels (null list, empty list, null
    /// element and present element each get their own definition level). <paramref name="element"/> reads element
    /// k of a list; a list of the other element type is empty or all null (see <see cref="RowValues.IsUntypedList"/>),
    /// so its elements are written as nulls.</summary>
    private async ValueTask WriteListAsync<T>(ParquetRowGroupWriter group, ListField field, int c, Func<object, int, T?> element, CancellationToken cancellationToken)
        where T : struct
    {
        var item = (DataField)field.Item;
        var present = item.MaxDefinitionLevel;
        var empty = field.MaxDefinitionLevel - 1;
        var values = new List<T>();
        var definitions = new List<int>();
        var repetitions = new List<int>();
        for (var i = 0; i < _buffer.Count; i++)
        {
            var list = At(i, c);
            var count = list switch
            {
                IReadOnlyList<string> strings => strings.Count,
                IReadOnlyList<long?> numbers => numbers.Count,
                _ => -1,
            };
            if (count < 0)
            {
                repetitions.Add(0);
                definitions.Add(empty - 1);
            }
            else if (count == 0)
            {
                repetitions.Add(0);
                definitions.Add(empty);
            }
            else
            {
                for (var k = 0; k < count; k++)
                {
                    repetitions.Add(k == 0 ? 0 : 1);
                    if (element(list!, k) is { } value)
                    {
                        values.Add(value);
                        definitions.Add(present);
                    }
                    else
                    {
                        definitions.Add(present - 1);
                    }
                }
            }
        }

        await group.WriteAllPartsAsync<T>(
            item, values.ToArray(), definitions.ToArray(), repetitions.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    // The cast matters: a bare null would convert to an empty ReadOnlyMemory<char> (through char[]), not to null.
    private static ReadOnlyMemory<char>? StringAt(object list, int k)
        => list is IReadOnlyList<string> strings && strings[k] is { } text ? text.AsMemory() : (ReadOnlyMemory<char>?)null;

    private static long? Int64At(object list, int k) => list is IReadOnlyList<long?> numbers ? numbers[k] : null;

    private object? At(int row, int column)
    {
        var values = _buffer[row];
        return column < values.Length ? values[column] : null;
    }
}

using System.Globalization;
using Microsoft.Data.Analysis;

namespace Distilabel.Data;

/// <summary>
/// Rows ↔ <see cref="DataFrame"/> (Microsoft.Data.Analysis). Column types: text → <see cref="StringDataFrameColumn"/>;
/// integers → <see cref="Int32DataFrameColumn"/> when every value was an <see cref="int"/>, else
/// <see cref="Int64DataFrameColumn"/>; floats (or integers mixed with floats) → <see cref="DoubleDataFrameColumn"/>;
/// booleans → <see cref="BooleanDataFrameColumn"/>; lists (of strings or of integers) → a string column of JSON
/// arrays (null elements as <c>null</c>), which <see cref="ToRows"/> gives back as that text; all-null → a string
/// column. A column holds one type, as in Parquet: a list of strings and a list of integers in one column is an error
/// (an empty or all-null list fits either). Missing values are nulls. A DataFrame is in memory: use it for results you
/// want to explore, not for streaming.
/// </summary>
public static class DataFrames
{
    /// <summary>Collects a row stream into a DataFrame (columns in order of first appearance).</summary>
    public static async Task<DataFrame> ToDataFrameAsync<TRow>(this IAsyncEnumerable<TRow> rows, CancellationToken cancellationToken = default)
        where TRow : IReadOnlyDictionary<string, object?>
    {
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new Builder();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            builder.Add(row);
        return builder.Build();
    }

    /// <summary>Collects rows into a DataFrame (columns in order of first appearance).</summary>
    public static DataFrame ToDataFrame<TRow>(this IEnumerable<TRow> rows)
        where TRow : IReadOnlyDictionary<string, object?>
    {
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new Builder();
        foreach (var row in rows)
            builder.Add(row);
        return builder.Build();
    }

    /// <summary>The DataFrame's rows (lazily). Integer columns give <see cref="long"/>, floating ones
    /// <see cref="double"/>, dates ISO 8601 text; nulls stay null.</summary>
    public static IEnumerable<Row> ToRows(this DataFrame dataFrame)
    {
        ArgumentNullException.ThrowIfNull(dataFrame);
        return Enumerate(dataFrame);

        static IEnumerable<Row> Enumerate(DataFrame dataFrame)
        {
            var columns = dataFrame.Columns.ToArray();
            for (long i = 0; i < dataFrame.Rows.Count; i++)
            {
                var row = new Row(columns.Length);
                foreach (var column in columns)
                {
                    var value = column[i];
                    row[column.Name] = RowValues.TryNormalize(value, out var normalized)
                        ? normalized
                        : Convert.ToString(value, CultureInfo.InvariantCulture);
                }

                yield return row;
            }
        }
    }

    /// <summary>The DataFrame's rows as an async stream (to feed a writer or a pipeline).</summary>
    public static IAsyncEnumerable<Row> ToAsyncRows(this DataFrame dataFrame) => dataFrame.ToRows().ToAsyncEnumerable();

    private sealed class Builder
    {
        private readonly List<ColumnData> _columns = [];
        private readonly Dictionary<string, ColumnData> _byName = new(StringComparer.Ordinal);
        private long _rows;

        public void Add(IReadOnlyDictionary<string, object?> row)
        {
            _rows++;
            foreach (var (name, raw) in row)
            {
                if (!_byName.TryGetValue(name, out var column))
                {
                    column = new ColumnData(name);
                    column.Values.AddRange(Enumerable.Repeat<object?>(null, checked((int)(_rows - 1))));
                    _byName[name] = column;
                    _columns.Add(column);
                }

                column.Add(raw, _rows);
            }

            foreach (var column in _columns)
            {
                if (column.Values.Count < _rows)
                    column.Values.Add(null);
            }
        }

        public DataFrame Build() => new(_columns.Select(c => c.Build()));
    }

    private sealed class ColumnData(string name)
    {
        private InferredType? _type;
        private bool _allInt = true;

        public List<object?> Values { get; } = [];

        public void Add(object? raw, long rowNumber)
        {
            var value = RowValues.Normalize(raw, name, rowNumber);
            if (value is not null)
            {
                _allInt &= raw is int;
                _type = RowValues.TryMerge(_type, value, out var merged)
                    ? merged
                    : throw new ArgumentException(
                        $"Row {rowNumber}, column '{name}': {RowValues.Describe(raw)} does not fit the column's {_type!.Value.Type} values seen before; a DataFrame column holds one type.");
            }

            Values.Add(value);
        }

        public DataFrameColumn Build() => _type?.Type switch
        {
            DatasetColumnType.Int64 when _allInt => new Int32DataFrameColumn(name, Values.Select(v => v is long l ? (int?)l : null)),
            DatasetColumnType.Int64 => new Int64DataFrameColumn(name, Values.Select(v => (long?)v)),
            DatasetColumnType.Double => new DoubleDataFrameColumn(name, Values.Select(v => v switch { double d => d, long l => (double?)l, _ => null })),
            DatasetColumnType.Boolean => new BooleanDataFrameColumn(name, Values.Select(v => (bool?)v)),
            _ => new StringDataFrameColumn(name, Values.Select(RowValues.ToText)),
        };
    }
}

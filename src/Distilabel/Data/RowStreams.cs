using System.Runtime.CompilerServices;
using Distilabel.Data.Hub;

namespace Distilabel.Data;

/// <summary>
/// Column one-liners on row streams, lazy like the streams themselves:
/// <code>
/// var rows = HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:1000]")
///     .RemoveColumns("helpfulness", "correctness", "coherence", "complexity", "verbosity");
/// </code>
/// Each returns new rows (inputs are not modified). A named column that a row lacks throws
/// <see cref="KeyNotFoundException"/> naming it, the row number and the columns available.
/// <c>Take</c>, <c>Skip</c>, <c>Where</c>, <c>Select</c>, <c>ToListAsync</c> … come from .NET's built-in
/// <c>System.Linq.AsyncEnumerable</c>.
/// </summary>
public static class RowStreams
{
    /// <summary>Drops columns; each must exist.</summary>
    public static IAsyncEnumerable<Row> RemoveColumns(this IAsyncEnumerable<Row> rows, params string[] columns)
        => RemoveColumns(rows, columns, ignoreMissing: false);

    /// <summary>Drops columns; with <paramref name="ignoreMissing"/> a column the row lacks is fine.</summary>
    public static async IAsyncEnumerable<Row> RemoveColumns(
        this IAsyncEnumerable<Row> rows,
        IEnumerable<string> columns,
        bool ignoreMissing,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var names = columns.ToArray();
        long number = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            number++;
            var copy = row.Clone();
            foreach (var column in names)
            {
                if (!copy.Remove(column) && !ignoreMissing)
                    throw Missing(column, row, number, "remove");
            }

            yield return copy;
        }
    }

    /// <summary>Keeps only these columns, in this order; each must exist.</summary>
    public static async IAsyncEnumerable<Row> SelectColumns(this IAsyncEnumerable<Row> rows, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var names = columns.ToArray();
        long number = 0;
        await foreach (var row in rows.ConfigureAwait(false))
        {
            number++;
            var selected = new Row(names.Length);
            foreach (var column in names)
            {
                if (!row.TryGetValue(column, out var value))
                    throw Missing(column, row, number, "select");
                selected[column] = value;
            }

            yield return selected;
        }
    }

    /// <summary>Renames a column in place (its position is kept); it must exist and the new name must be free.</summary>
    public static async IAsyncEnumerable<Row> RenameColumn(this IAsyncEnumerable<Row> rows, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        long number = 0;
        await foreach (var row in rows.ConfigureAwait(false))
        {
            number++;
            if (!row.ContainsKey(from))
                throw Missing(from, row, number, "rename");
            var copy = row.Clone();
            try
            {
                copy.Rename(from, to);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Row {number}: {e.Message}", e);
            }

            yield return copy;
        }
    }

    /// <summary>Adds (or replaces) a column computed from each row.</summary>
    public static async IAsyncEnumerable<Row> AddColumn(this IAsyncEnumerable<Row> rows, string column, Func<Row, object?> value)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(value);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            var copy = row.Clone();
            copy[column] = value(row);
            yield return copy;
        }
    }

    /// <summary>Views any stream of dictionaries (e.g. a task's <c>ToRow()</c> results) as rows.</summary>
    public static async IAsyncEnumerable<Row> AsRows<TRow>(this IAsyncEnumerable<TRow> rows)
        where TRow : IReadOnlyDictionary<string, object?>
    {
        ArgumentNullException.ThrowIfNull(rows);
        await foreach (var row in rows.ConfigureAwait(false))
            yield return Row.From(row);
    }

    private static KeyNotFoundException Missing(string column, Row row, long number, string verb)
        => new($"Cannot {verb} column '{column}': row {number} has no such column (available columns: {row.DescribeColumns()}).");
}

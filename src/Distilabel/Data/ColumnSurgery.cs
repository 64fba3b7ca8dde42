namespace Distilabel.Data;

/// <summary>
/// Column surgery on a source, as the command line's <c>--columns</c>, <c>--drop-columns</c> and
/// <c>--rename-column FROM=TO</c> do it: keep only <see cref="Keep"/>, then drop <see cref="Drop"/>, then apply
/// <see cref="Renames"/> (mapping a dataset's columns onto a task's inputs). Every option names the source's columns;
/// a name the source lacks is an error naming it and listing the columns there are.
/// </summary>
public sealed record ColumnSurgery
{
    /// <summary>No surgery.</summary>
    public static ColumnSurgery None { get; } = new();

    /// <summary>Keep only these columns (in the source's order); null keeps every column.</summary>
    public IReadOnlyList<string>? Keep { get; init; }

    /// <summary>Drop these columns.</summary>
    public IReadOnlyList<string> Drop { get; init; } = [];

    /// <summary>Rename columns (FROM → TO), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Renames { get; init; } = [];

    /// <summary>Whether there is nothing to do.</summary>
    public bool IsEmpty => Keep is null && Drop.Count == 0 && Renames.Count == 0;

    /// <summary>Checks every named column against the source's columns; throws <see cref="DatasetFormatException"/>
    /// naming <paramref name="source"/>, the option and the column, and listing the columns there are.</summary>
    public void Validate(IReadOnlyCollection<string> columns, string source)
    {
        var known = new HashSet<string>(columns, StringComparer.Ordinal);
        Check(Keep ?? [], "--columns");
        Check(Drop, "--drop-columns");
        Check(Renames.Select(r => r.Key), "--rename-column");
        var after = Apply(columns).ToList();
        var duplicate = after.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DatasetFormatException(source, $"--rename-column would make two columns named '{duplicate.Key}' (columns after the surgery: {Row.DescribeColumns(after)})", column: duplicate.Key);

        void Check(IEnumerable<string> names, string option)
        {
            foreach (var name in names)
            {
                if (!known.Contains(name))
                    throw new DatasetFormatException(source, $"{option} names the column '{name}', which the dataset does not have (columns: {Row.DescribeColumns(columns)})", column: name);
            }
        }
    }

    /// <summary>The column names after the surgery.</summary>
    public IEnumerable<string> Apply(IEnumerable<string> columns)
    {
        var keep = Keep is null ? null : new HashSet<string>(Keep, StringComparer.Ordinal);
        var drop = new HashSet<string>(Drop, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if ((keep is null || keep.Contains(column)) && !drop.Contains(column))
                yield return Renamed(column);
        }
    }

    /// <summary>Applies the surgery to a row in place and returns it.</summary>
    public Row Apply(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (IsEmpty)
            return row;
        if (Keep is not null)
        {
            var keep = new HashSet<string>(Keep, StringComparer.Ordinal);
            foreach (var column in row.Columns.Where(c => !keep.Contains(c)).ToList())
                row.Remove(column);
        }

        foreach (var column in Drop)
            row.Remove(column);
        foreach (var (from, to) in Renames)
        {
            if (row.ContainsKey(from))
                row.Rename(from, to);
        }

        return row;
    }

    /// <summary>Applies the surgery to a Parquet source schema (kept columns keep their exact types, renamed ones too).</summary>
    public ParquetSourceSchema Apply(ParquetSourceSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var kept = new ParquetSourceSchema(
            schema.Fields.Where(f => (Keep is null || Keep.Contains(f.Name)) && !Drop.Contains(f.Name)),
            schema.Metadata);
        foreach (var (from, to) in Renames)
            kept = kept.WithRenamedColumn(from, to);
        return kept;
    }

    private string Renamed(string column)
    {
        foreach (var (from, to) in Renames)
        {
            if (from == column)
                column = to;
        }

        return column;
    }
}

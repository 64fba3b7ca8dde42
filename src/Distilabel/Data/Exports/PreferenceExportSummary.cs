namespace Distilabel.Data.Exports;

/// <summary>What an export did: rows (or prompt groups) read, pairs written, and the rows that gave none, by reason.</summary>
public sealed class PreferenceExportSummary
{
    private readonly SortedDictionary<string, long> _withoutPair = new(StringComparer.Ordinal);

    /// <summary>Rows read (prompt groups with <see cref="PreferenceExportOptions.GroupByPrompt"/>).</summary>
    public long Rows { get; internal set; }

    /// <summary>Rows (or examples) written.</summary>
    public long Written { get; internal set; }

    /// <summary>Rows that gave nothing, by reason.</summary>
    public IReadOnlyDictionary<string, long> WithoutPair => _withoutPair;

    /// <summary>All rows that gave nothing.</summary>
    public long RowsWithoutPair => _withoutPair.Values.Sum();

    internal void Skip(string reason) => _withoutPair[reason] = _withoutPair.GetValueOrDefault(reason) + 1;

    /// <summary>One line for people: "120 rows → 98 pairs; 22 rows without a pair: 20 all ratings tied, 2 no rated generations".</summary>
    public override string ToString()
    {
        var text = $"{Rows:N0} rows → {Written:N0} written";
        return RowsWithoutPair == 0 ? text : text + $"; {RowsWithoutPair:N0} without one: " + string.Join(", ", _withoutPair.Select(r => $"{r.Value:N0} {r.Key}"));
    }
}

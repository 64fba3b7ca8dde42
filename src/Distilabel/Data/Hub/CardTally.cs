namespace Distilabel.Data.Hub;

/// <summary>What a dataset card says about the rows, gathered while they stream to the Hub: the columns and a
/// feature for each (its first non-null value decides), and the distribution of each rating output.</summary>
internal sealed class CardTally(RunFacts? facts)
{
    private readonly OrderedDictionary<string, string?> _features = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ratingColumns = facts?.Outputs.Where(o => o.Kind == "rating").Select(o => o.Name).ToHashSet(StringComparer.Ordinal) ?? [];
    private readonly SortedDictionary<string, SortedDictionary<string, long>> _ratings = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, string>> Features => _features.Select(f => new KeyValuePair<string, string>(f.Key, f.Value ?? DatasetCard.Feature(null))).ToList();

    public IReadOnlyDictionary<string, SortedDictionary<string, long>> Ratings => _ratings;

    public void Add(IReadOnlyDictionary<string, object?> row)
    {
        foreach (var (column, raw) in row)
        {
            var value = RowValues.TryNormalize(raw, out var normalized) ? normalized : null;
            if (!_features.TryGetValue(column, out var feature))
                _features[column] = feature = null;
            if (feature is null && value is not null)
                _features[column] = DatasetCard.Feature(value);
            if (_ratingColumns.Contains(column))
                Count(column, value);
        }
    }

    private void Count(string column, object? value)
    {
        if (!_ratings.TryGetValue(column, out var counts))
            _ratings[column] = counts = new SortedDictionary<string, long>(Comparer<string>.Create(CompareValues));
        if (value is IReadOnlyList<long?> list)
        {
            foreach (var item in list)
                Add(item?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null");
        }
        else
        {
            Add(RowValues.ToText(value) ?? "null");
        }

        void Add(string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    // Numbers in numeric order, "null" last.
    private static int CompareValues(string a, string b)
    {
        if (a == b)
            return 0;
        if (a == "null")
            return 1;
        if (b == "null")
            return -1;
        return long.TryParse(a, out var x) && long.TryParse(b, out var y) ? x.CompareTo(y) : string.CompareOrdinal(a, b);
    }
}

using System.Globalization;
using Microsoft.Data.Analysis;

namespace Distilabel.Rendering;

/// <summary>Draws a dataset preview: one pass over the rows (they may stream), keeping the first rows and counting the rest.</summary>
internal static class DatasetRenderer
{
    private const string Ellipsis = "…";

    public static string Render(
        IEnumerable<IReadOnlyDictionary<string, object?>> rows,
        IReadOnlyList<KeyValuePair<string, string>>? declaredColumns,
        LlmTaskDescriptor? task,
        DatasetPreviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var maxRows = Math.Max(0, options.MaxRows);

        var columns = new List<string>();
        var stats = new Dictionary<string, ColumnStats>(StringComparer.Ordinal);
        if (declaredColumns is not null)
        {
            foreach (var (name, type) in declaredColumns)
            {
                if (stats.TryAdd(name, new ColumnStats { DeclaredType = type }))
                    columns.Add(name);
            }
        }

        var ratings = (task?.Outputs ?? [])
            .Where(o => o is { Kind: LlmOutputKind.Rating, Min: not null, Max: not null } && o.Min <= o.Max)
            .ToDictionary(o => o.Name, o => new RatingStats(o.Min!.Value, o.Max!.Value), StringComparer.Ordinal);

        var preview = new List<IReadOnlyDictionary<string, object?>>();
        long total = 0, failed = 0;
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            total++;
            if (preview.Count < maxRows)
                preview.Add(row);
            if (row.TryGetValue(options.ErrorColumn, out var error) && error is not null)
                failed++;

            foreach (var (name, value) in row)
            {
                if (!stats.TryGetValue(name, out var column))
                {
                    stats[name] = column = new ColumnStats();
                    columns.Add(name);
                }

                column.Observe(value);
            }

            foreach (var (name, rating) in ratings)
                rating.Observe(row.TryGetValue(name, out var value) ? value : null);
        }

        // A column that appeared late was missing (null) in the rows before it.
        foreach (var column in stats.Values)
        {
            if (column.Seen < total)
                column.HasNull = true;
        }

        var h = new HtmlBuilder();
        h.Open("div", Styles.Root, ("role", "region"), ("aria-label", "dataset preview"));
        h.Element("div", Styles.Title, options.Title ?? (task is null ? "Dataset" : "Labelled dataset · " + task.Name));

        WriteTable(h, columns, stats, preview, ratings, task, options);
        WriteDistributions(h, columns, ratings, task!, total);

        h.Open("div", Styles.Footer);
        h.Text(Html.Plural(total, "row", "rows") + " · " + Html.Count(failed) + " failed");
        if (total > preview.Count)
            h.Text(" · showing the first " + Html.Count(preview.Count));
        h.Close("div");
        h.Close("div");
        return h.ToString();
    }

    public static string Render(DataFrame frame, LlmTaskDescriptor? task, DatasetPreviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns
            .Select(c => new KeyValuePair<string, string>(c.Name, TypeName(c.DataType) + (c.NullCount > 0 ? "?" : "")))
            .ToArray();
        return Render(FrameRows(frame), columns, task, options);
    }

    private static IEnumerable<IReadOnlyDictionary<string, object?>> FrameRows(DataFrame frame)
    {
        var columns = frame.Columns.ToArray();
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            var row = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
            foreach (var column in columns)
                row[column.Name] = column[i];
            yield return row;
        }
    }

    private static void WriteTable(
        HtmlBuilder h,
        List<string> columns,
        Dictionary<string, ColumnStats> stats,
        List<IReadOnlyDictionary<string, object?>> preview,
        Dictionary<string, RatingStats> ratings,
        LlmTaskDescriptor? task,
        DatasetPreviewOptions options)
    {
        var inputs = new HashSet<string>((task?.Inputs ?? []).Select(i => i.Name), StringComparer.Ordinal);
        var textOutputs = new HashSet<string>((task?.Outputs ?? []).Where(o => o.Kind == LlmOutputKind.Text).Select(o => o.Name), StringComparer.Ordinal);

        h.Open("table", Styles.Table).Open("thead").Open("tr");
        h.Element("th", Styles.Th, "#");
        foreach (var name in columns)
        {
            var type = stats[name].TypeLabel();
            string? role = ratings.TryGetValue(name, out var rating)
                ? "rating " + rating.Min.ToString(CultureInfo.InvariantCulture) + "–" + rating.Max.ToString(CultureInfo.InvariantCulture)
                : inputs.Contains(name) ? "input"
                : textOutputs.Contains(name) ? "output"
                : name == options.ErrorColumn ? "error"
                : null;
            h.Open("th", Styles.Th).Text(name).Markup("<br>");
            h.Element("span", Styles.ColumnType, role is null ? type : type + " · " + role);
            h.Close("th");
        }

        h.Close("tr").Close("thead").Open("tbody");
        for (var index = 0; index < preview.Count; index++)
        {
            var row = preview[index];
            var error = row.TryGetValue(options.ErrorColumn, out var e) && e is not null ? FormatScalar(e) : null;
            h.Open("tr", error is null ? null : Styles.FailedRow);
            if (error is null)
                h.Element("td", Styles.TdIndex, index.ToString(CultureInfo.InvariantCulture));
            else
                h.Element("td", Styles.TdIndex + Styles.Error, index.ToString(CultureInfo.InvariantCulture) + " ⚠", ("title", "failed: " + error));

            foreach (var name in columns)
            {
                var value = row.TryGetValue(name, out var v) ? v : null;
                if (name == options.ErrorColumn && value is not null)
                {
                    h.Open("td", Styles.Td + Styles.Error);
                    WriteText(h, FormatScalar(value), options.MaxTextLength);
                    h.Close("td");
                }
                else if (ratings.TryGetValue(name, out var rating) && value is not null)
                {
                    h.Open("td", Styles.Td);
                    WriteRating(h, value, rating);
                    h.Close("td");
                }
                else
                {
                    h.Open("td", Styles.Td);
                    WriteValue(h, value, options.MaxTextLength);
                    h.Close("td");
                }
            }

            h.Close("tr");
        }

        h.Close("tbody").Close("table");
    }

    private static void WriteDistributions(HtmlBuilder h, List<string> columns, Dictionary<string, RatingStats> ratings, LlmTaskDescriptor task, long total)
    {
        var present = new HashSet<string>(columns, StringComparer.Ordinal);
        var shown = ratings.Where(r => present.Contains(r.Key)).ToArray();
        if (shown.Length == 0)
            return;

        // Keep the task's declaration order.
        var order = task.Outputs.Select(o => o.Name).ToList();
        h.Element("div", Styles.Section, "Rating distribution (" + Html.Plural(total, "row", "rows") + ")");
        h.Open("div");
        foreach (var (name, rating) in shown.OrderBy(r => order.IndexOf(r.Key)))
        {
            var buckets = new List<(string Label, long Count)>();
            for (var value = rating.Min; value <= rating.Max; value++)
                buckets.Add((value.ToString(CultureInfo.InvariantCulture), rating.Counts[value - rating.Min]));
            if (rating.Nulls > 0)
                buckets.Add(("null", rating.Nulls));
            if (rating.Others > 0)
                buckets.Add(("other", rating.Others));
            var max = buckets.Max(b => b.Count);

            h.Open("div", Styles.ChartBlock, ("role", "figure"), ("aria-label", name + " distribution"));
            h.Element("div", "font-weight:600;font-size:12px;", name);
            h.Open("table", "border-collapse:collapse;");
            foreach (var (label, count) in buckets)
            {
                h.Open("tr");
                h.Element("td", Styles.ChartLabel, label);
                h.Open("td", Styles.ChartTrack);
                h.Element("span", Styles.ChartBar + "width:" + Html.Percent(max == 0 ? 0 : (double)count / max) + ";", null);
                h.Close("td");
                h.Element("td", Styles.ChartCount, Html.Count(count));
                h.Close("tr");
            }

            h.Close("table").Close("div");
        }

        h.Close("div");
    }

    private static void WriteRating(HtmlBuilder h, object value, RatingStats rating)
    {
        if (!TryInteger(value, out var n))
        {
            WriteValue(h, value, int.MaxValue);
            return;
        }

        var text = n.ToString(CultureInfo.InvariantCulture);
        if (n < rating.Min || n > rating.Max)
        {
            h.Element("span", Styles.Error, text, ("title", "outside " + rating.Min.ToString(CultureInfo.InvariantCulture) + "–" + rating.Max.ToString(CultureInfo.InvariantCulture)));
            return;
        }

        var fraction = rating.Max == rating.Min ? 1 : (double)(n - rating.Min) / (rating.Max - rating.Min);
        h.Text(text);
        h.Open("span", Styles.BarTrack, ("title", text + " of " + rating.Min.ToString(CultureInfo.InvariantCulture) + "–" + rating.Max.ToString(CultureInfo.InvariantCulture)));
        h.Element("span", Styles.BarFill + "width:" + Html.Percent(fraction) + ";", null);
        h.Close("span");
    }

    private static void WriteValue(HtmlBuilder h, object? value, int maxLength)
    {
        if (value is null)
        {
            h.Element("span", Styles.Null, "null");
            return;
        }

        WriteText(h, FormatScalar(value), maxLength);
    }

    /// <summary>Short text as is; long text cut, with the full text in a details element.</summary>
    private static void WriteText(HtmlBuilder h, string text, int maxLength)
    {
        if (text.Length <= Math.Max(1, maxLength))
        {
            h.Text(text);
            return;
        }

        var cut = Math.Max(1, maxLength);
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--;
        h.Open("details").Open("summary", Styles.Summary, ("title", Html.Count(text.Length) + " characters: click for the full text"));
        h.Text(text[..cut] + Ellipsis).Close("summary");
        h.Text(text).Close("details");
    }

    private static string FormatScalar(object value) => value switch
    {
        string s => s,
        ReadOnlyMemory<char> m => m.ToString(),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<string?> list => "[" + string.Join(", ", list.Select(Quote)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string? item)
        => item is null ? "null" : "\"" + item.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    internal static bool TryInteger(object value, out long n)
    {
        switch (value)
        {
            case int i: n = i; return true;
            case long l: n = l; return true;
            case short s: n = s; return true;
            case byte b: n = b; return true;
            case sbyte sb: n = sb; return true;
            case ushort us: n = us; return true;
            case uint ui: n = ui; return true;
            case double d when double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15: n = (long)d; return true;
            case float f when float.IsFinite(f) && f == MathF.Floor(f) && Math.Abs(f) < 1e7: n = (long)f; return true;
            case string str when long.TryParse(str, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed): n = parsed; return true;
            default: n = 0; return false;
        }
    }

    internal static string TypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "string"
            : type == typeof(int) ? "int32"
            : type == typeof(long) ? "int64"
            : type == typeof(short) ? "int16"
            : type == typeof(byte) ? "uint8"
            : type == typeof(double) ? "double"
            : type == typeof(float) ? "float"
            : type == typeof(decimal) ? "decimal"
            : type == typeof(bool) ? "bool"
            : type == typeof(DateTime) ? "datetime"
            : type == typeof(ReadOnlyMemory<char>) ? "string"
            : typeof(IEnumerable<string>).IsAssignableFrom(type) ? "list<string>"
            : type.Name;
    }

    private sealed class ColumnStats
    {
        private readonly SortedSet<string> _types = new(StringComparer.Ordinal);

        public string? DeclaredType { get; init; }

        public long Seen { get; private set; }

        public bool HasNull { get; set; }

        public void Observe(object? value)
        {
            Seen++;
            if (value is null)
                HasNull = true;
            else if (DeclaredType is null)
                _types.Add(TypeName(value.GetType()));
        }

        public string TypeLabel()
        {
            if (DeclaredType is not null)
                return DeclaredType;
            var type = _types.Count switch
            {
                0 => "null",
                1 => _types.Min!,
                _ => "mixed",
            };
            return HasNull && _types.Count > 0 ? type + "?" : type;
        }
    }

    private sealed class RatingStats(int min, int max)
    {
        public int Min { get; } = min;

        public int Max { get; } = max;

        public long[] Counts { get; } = new long[max - min + 1];

        public long Nulls { get; private set; }

        public long Others { get; private set; }

        public void Observe(object? value)
        {
            if (value is null)
                Nulls++;
            else if (TryInteger(value, out var n) && n >= Min && n <= Max)
                Counts[n - Min]++;
            else
                Others++;
        }
    }
}

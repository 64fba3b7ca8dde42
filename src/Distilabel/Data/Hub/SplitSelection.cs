using System.Globalization;
using System.Text.RegularExpressions;

namespace Distilabel.Data.Hub;

/// <summary>
/// The split syntax of Hugging Face <c>datasets</c> (and distilabel): <c>train</c>, <c>train[:1000]</c>,
/// <c>train[10:20]</c>, <c>train[-100:]</c>, <c>train[:10%]</c>, <c>train[25%:75%]</c>, and concatenations such as
/// <c>train[:100]+validation[:10]</c>. Bounds are start-inclusive, stop-exclusive, and clamped to the split's size;
/// percentages round to the closest row (half to even), as in <c>datasets</c>.
/// </summary>
public sealed partial record SplitSelection
{
    private SplitSelection(IReadOnlyList<Part> parts) => Parts = parts;

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<Part> Parts { get; }

    /// <summary>Parses a selection; a malformed one throws <see cref="FormatException"/> showing the accepted forms.</summary>
    public static SplitSelection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<Part>();
        foreach (var piece in text.Split('+'))
        {
            var match = PartPattern().Match(piece.Trim());
            if (!match.Success)
            {
                throw new FormatException(
                    $"Invalid split '{text}': expected a split name with an optional slice, e.g. train, train[:1000], train[10:20], train[-100:], train[:10%], train[:100]+validation[:10].");
            }

            var from = ParseBound(match.Groups["from"], match.Groups["fromPct"], text);
            var to = ParseBound(match.Groups["to"], match.Groups["toPct"], text);
            parts.Add(new Part(match.Groups["split"].Value, from, to));
        }

        return new SplitSelection(parts);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("+", Parts);

    private static Bound? ParseBound(Group value, Group percent, string text)
    {
        if (!value.Success)
            return null;
        if (!long.TryParse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            throw new FormatException($"Invalid split '{text}': the bound {value.Value} is out of range.");
        if (percent.Success && number is < -100 or > 100)
            throw new FormatException($"Invalid split '{text}': a percentage must be between -100% and 100%.");
        return new Bound(number, percent.Success);
    }

    [GeneratedRegex(@"^(?<split>[\w][\w.\-]*)(\[\s*((?<from>-?\d+)(?<fromPct>%)?)?\s*:\s*((?<to>-?\d+)(?<toPct>%)?)?\s*\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();

    /// <summary>A slice bound: a row index (negative counts from the end) or a percentage.</summary>
    /// <param name="Value">The number.</param>
    /// <param name="IsPercent">Whether it is a percentage of the split's rows.</param>
    public readonly record struct Bound(long Value, bool IsPercent)
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + (IsPercent ? "%" : "");
    }

    /// <summary>One split with an optional slice.</summary>
    /// <param name="Split">The split name.</param>
    /// <param name="From">The first row (inclusive), or null for the start.</param>
    /// <param name="To">The end (exclusive), or null for the end of the split.</param>
    public sealed record Part(string Split, Bound? From, Bound? To)
    {
        /// <summary>Whether resolving the bounds needs the split's row count (percentages, negative indices).</summary>
        public bool NeedsRowCount => From is { } f && (f.IsPercent || f.Value < 0) || To is { } t && (t.IsPercent || t.Value < 0);

        /// <summary>The absolute [start, stop) rows; stop is null for "to the end". <paramref name="rowCount"/> is
        /// required when <see cref="NeedsRowCount"/>.</summary>
        public (long Start, long? Stop) Resolve(long? rowCount)
        {
            if (NeedsRowCount && rowCount is null)
                throw new ArgumentNullException(nameof(rowCount), $"The split slice {this} needs the split's row count.");
            var start = From is { } f ? Absolute(f, rowCount) : 0;
            long? stop = To is { } t ? Absolute(t, rowCount) : rowCount;
            if (stop is { } s && s < start)
                stop = start;
            return (start, stop);
        }

        /// <inheritdoc />
        public override string ToString() => From is null && To is null ? Split : $"{Split}[{From}:{To}]";

        private static long Absolute(Bound bound, long? rowCount)
        {
            long value;
            if (bound.IsPercent)
                value = (long)Math.Round(bound.Value * (double)rowCount!.Value / 100.0, MidpointRounding.ToEven);
            else
                value = bound.Value;
            if (value < 0)
                value += rowCount!.Value;
            value = Math.Max(0, value);
            return rowCount is { } n ? Math.Min(value, n) : value;
        }
    }
}

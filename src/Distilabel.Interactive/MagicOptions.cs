using System.Globalization;
using System.Numerics;

namespace Distilabel.Interactive;

/// <summary>
/// The options of a <c>#!distilabel</c> command, parsed as the command line parses them: <c>--name value</c>,
/// <c>--name=value</c>, flags without a value, the short aliases, repeatable options, and leading words that are not
/// options (<c>run</c>'s recipe). Every error is a <see cref="FormatException"/> with one line naming the option.
/// </summary>
internal sealed class MagicOptions
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["-i"] = "--input", ["-o"] = "--output", ["-m"] = "--model", ["-c"] = "--concurrency" };

    private readonly Dictionary<string, List<string>> _values;

    private MagicOptions(Dictionary<string, List<string>> values, IReadOnlyList<string> arguments)
        => (_values, Arguments) = (values, arguments);

    /// <summary>The words before the first option (e.g. a recipe file).</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Parses <paramref name="words"/> against the option names (<paramref name="known"/>) and the flags among them.</summary>
    public static MagicOptions Parse(IReadOnlyList<string> words, IReadOnlyCollection<string> known, IReadOnlySet<string> flags)
    {
        ArgumentNullException.ThrowIfNull(words);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var arguments = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith('-') && values.Count == 0)
            {
                arguments.Add(word);
                continue;
            }

            string? inline = null;
            if (word.StartsWith("--", StringComparison.Ordinal) && word.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
                (word, inline) = (word[..equals], word[(equals + 1)..]);
            var name = Aliases.GetValueOrDefault(word, word);
            if (!known.Contains(name))
                throw new FormatException($"unknown option '{word}' (options: {string.Join(", ", known)})");
            var value = flags.Contains(name) ? inline ?? "true"
                : inline ?? (i + 1 < words.Count && !words[i + 1].StartsWith('-') ? words[++i] : throw new FormatException($"{name} needs a value"));
            if (!values.TryGetValue(name, out var list))
                values[name] = list = [];
            list.Add(value);
        }

        return new MagicOptions(values, arguments);
    }

    /// <summary>The option's last value, or null when absent.</summary>
    public string? One(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>Every value of a repeatable option; comma-separated values are split when <paramref name="commaSeparated"/>.</summary>
    public List<string> All(string name, bool commaSeparated = false)
    {
        var values = _values.GetValueOrDefault(name) ?? [];
        return commaSeparated
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : [.. values];
    }

    /// <summary>The option's value, or a <see cref="FormatException"/> saying it is required.</summary>
    public string Required(string name) => One(name) ?? throw new FormatException($"{name} is required");

    /// <summary>Whether the flag is on (<c>--flag</c>, <c>--flag=true</c>).</summary>
    public bool Flag(string name) => One(name) is { } text && (bool.TryParse(text, out var on) ? on : throw new FormatException($"{name}: expected true or false (got '{text}')"));

    /// <summary>The option as a number within [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public T Number<T>(string name, T fallback, T min, T max)
        where T : struct, INumber<T>
    {
        if (One(name) is not { } text)
            return fallback;
        return T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{name} must be a number between {min} and {max} (got '{text}')");
    }

    /// <summary>The option as a number, or null when absent.</summary>
    public T? OptionalNumber<T>(string name, T min, T max)
        where T : struct, INumber<T>
        => One(name) is null ? null : Number(name, min, min, max);

    /// <summary>The option as one of <paramref name="choices"/> (its names, kebab-case as the command line spells them).</summary>
    public T Choice<T>(string name, T fallback, IReadOnlyDictionary<string, T> choices)
        => One(name) is not { } text ? fallback
            : choices.TryGetValue(text, out var value) ? value
            : throw new FormatException($"{name} must be {string.Join(", ", choices.Keys.SkipLast(1))} or {choices.Keys.Last()} (got '{text}')");
}

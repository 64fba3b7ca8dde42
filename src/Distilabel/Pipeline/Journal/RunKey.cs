using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Distilabel.Pipeline.Journal;

/// <summary>
/// What a run's answers depend on besides the row: the task (name and a fingerprint of its prompt and schema), the
/// model, the generation options and the decoding constraints. A journal made under one key is never used by a run
/// with another: old answers are never mixed with a changed prompt, model or options.
/// </summary>
public sealed class RunKey : IEquatable<RunKey>
{
    private readonly SortedDictionary<string, string> _components;

    /// <summary>A key from named components (e.g. <c>model</c> → <c>gpt-4o-mini</c>).</summary>
    public RunKey(IEnumerable<KeyValuePair<string, string>> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in components)
            _components[name] = value;
        var canonical = ToJson();
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32];
    }

    /// <summary>The components, by name.</summary>
    public IReadOnlyDictionary<string, string> Components => _components;

    /// <summary>A hash of every component (32 hex digits).</summary>
    public string Hash { get; }

    /// <summary>The components as a JSON object (sorted by name), as stored in a journal.</summary>
    public string ToJson() => JsonSerializer.Serialize(_components, RunKeyJson.Default.SortedDictionaryStringString);

    /// <summary>Reads <see cref="ToJson"/>'s output back.</summary>
    public static RunKey FromJson(string json)
    {
        var components = JsonSerializer.Deserialize(json, RunKeyJson.Default.SortedDictionaryStringString)
            ?? throw new FormatException("not a run key");
        return new RunKey(components);
    }

    /// <summary>What differs from <paramref name="other"/>, one item per component, e.g. <c>model 'a' → 'b'</c>.</summary>
    public IReadOnlyList<string> DifferencesFrom(RunKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var names = other._components.Keys.Union(_components.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var name in names)
        {
            var was = other._components.GetValueOrDefault(name);
            var now = _components.GetValueOrDefault(name);
            if (was != now)
                differences.Add($"{name} {Show(was)} → {Show(now)}");
        }

        return differences;
    }

    /// <inheritdoc />
    public bool Equals(RunKey? other) => other is not null && other.Hash == Hash;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RunKey);

    /// <inheritdoc />
    public override int GetHashCode() => Hash.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _components.Select(c => $"{c.Key}={c.Value}"));

    private static string Show(string? value)
    {
        if (value is null)
            return "(none)";
        return value.Length > 60 ? $"'{value[..57]}…'" : $"'{value}'";
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class RunKeyJson : System.Text.Json.Serialization.JsonSerializerContext;

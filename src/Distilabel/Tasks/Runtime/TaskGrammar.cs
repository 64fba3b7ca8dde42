using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace Distilabel.Tasks.Runtime;

/// <summary>Per-instance GBNF grammars. Used by generated code (<c>BuildOutputGrammar</c>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskGrammar
{
    /// <summary>
    /// <paramref name="grammar"/> with each per-item output's items rule (<paramref name="itemsRules"/>, which admits any
    /// number of items) replaced by exactly <paramref name="counts"/> items indexed 1..N, each of its value rule.
    /// </summary>
    public static string WithItemCounts(string grammar, string[] itemsRules, string[] valueRules, int[] counts)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        var lines = grammar.Split('\n');
        for (var r = 0; r < itemsRules.Length; r++)
        {
            var prefix = itemsRules[r] + " ::= ";
            var index = Array.FindIndex(lines, line => line.StartsWith(prefix, StringComparison.Ordinal));
            if (index < 0)
                throw new ArgumentException($"The grammar has no rule '{itemsRules[r]}'.", nameof(itemsRules));
            var rule = new StringBuilder(prefix);
            if (counts[r] == 0)
                rule.Append("\"\"");
            for (var i = 1; i <= counts[r]; i++)
            {
                rule.Append(i == 1 ? "" : " ")
                    .Append("\"<item index=\\\"").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\\\">\" ")
                    .Append(valueRules[r]).Append(" \"</item>\\n\"");
            }

            lines[index] = rule.ToString();
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// The type-level grammar of a task with a trained answer format (or its user prompt, rendered for a blank task so
    /// the fingerprint covers the prose a template's computed parts add): the format's grammar for a blank task (default
    /// parameters, no inputs), or <paramref name="fallback"/> (the tagged grammar) when the format needs inputs to build one.
    /// </summary>
    public static string Of(Func<string> trainedGrammar, string fallback)
    {
        ArgumentNullException.ThrowIfNull(trainedGrammar);
        try
        {
            return trainedGrammar();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return fallback;
        }
    }
}

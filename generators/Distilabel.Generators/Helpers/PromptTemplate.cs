using System.Collections.Generic;
using System.Linq;
using Distilabel.Generators.Models;

namespace Distilabel.Generators.Helpers
{
    /// <summary>The <c>{identifier}</c> placeholders of a prompt template (system or user prompt).</summary>
    internal static class PromptTemplate
    {
        /// <summary>The names of the placeholders that name nothing in <paramref name="known"/>, each once, in order.</summary>
        public static List<string> UnknownPlaceholders(string template, IReadOnlyDictionary<string, string> known)
            => Placeholders(template).Select(p => p.Name).Where(name => !known.ContainsKey(name)).Distinct().ToList();

        /// <summary>
        /// The template split at the placeholders that name a member (by its property name; others stay text); empty
        /// when it has none (it is then a constant).
        /// </summary>
        public static EquatableArray<PromptSegment> Split(string template, IReadOnlyDictionary<string, string> members)
        {
            var segments = new List<PromptSegment>();
            var literalStart = 0;
            foreach (var placeholder in Placeholders(template))
            {
                if (!members.TryGetValue(placeholder.Name, out var member))
                    continue;
                if (placeholder.Start > literalStart)
                    segments.Add(new PromptSegment(template.Substring(literalStart, placeholder.Start - literalStart), false));
                segments.Add(new PromptSegment(member, true));
                literalStart = placeholder.End;
            }

            if (segments.Count == 0)
                return EquatableArray<PromptSegment>.Empty;
            if (literalStart < template.Length)
                segments.Add(new PromptSegment(template.Substring(literalStart), false));
            return segments.ToEquatableArray();
        }

        /// <summary>Each <c>{name}</c> (letters, digits, '_'), from its '{' to after its '}'.</summary>
        private static IEnumerable<(int Start, int End, string Name)> Placeholders(string template)
        {
            var position = 0;
            while (position < template.Length)
            {
                var open = template.IndexOf('{', position);
                if (open < 0)
                    yield break;
                var close = open + 1;
                while (close < template.Length && (char.IsLetterOrDigit(template[close]) || template[close] == '_'))
                    close++;
                if (close < template.Length && template[close] == '}' && close > open + 1)
                {
                    yield return (open, close + 1, template.Substring(open + 1, close - open - 1));
                    position = close + 1;
                }
                else
                {
                    position = open + 1;
                }
            }
        }
    }
}

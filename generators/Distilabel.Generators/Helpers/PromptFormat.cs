using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Distilabel.Generators.Models;

namespace Distilabel.Generators.Helpers
{
    /// <summary>The texts fixed at compile time: system prompt, GBNF grammar, JSON schema.</summary>
    internal static class PromptFormat
    {
        private const string DefaultInstruction = "You are a careful, impartial evaluator. Read the inputs and produce the requested outputs.";

        /// <summary>The user's instruction followed by the exact input and answer format.</summary>
        public static string SystemPrompt(string? instruction, IReadOnlyList<InputModel> inputs, IReadOnlyList<OutputModel> outputs)
        {
            var text = new StringBuilder();
            text.Append(string.IsNullOrWhiteSpace(instruction) ? DefaultInstruction : instruction!.Trim()).Append("\n\n");
            text.Append("You will receive:\n");
            foreach (var input in inputs)
                text.Append('<').Append(input.Column).Append(">…</").Append(input.Column).Append(">\n");
            text.Append("\nAnswer with exactly these tags, in this order, and nothing else:\n");
            foreach (var output in outputs)
                text.Append('<').Append(output.Column).Append('>').Append(output.Kind == TaskOutputKind.Rating ? "X" : "TEXT").Append("</").Append(output.Column).Append(">\n");
            text.Append("\nwhere:\n");
            foreach (var output in outputs)
            {
                text.Append("- ").Append(output.Column).Append(": ");
                text.Append(output.Kind == TaskOutputKind.Rating
                    ? string.Format(CultureInfo.InvariantCulture, "an integer from {0} to {1}", output.Min, output.Max)
                    : "free text without '<'");
                if (!string.IsNullOrWhiteSpace(output.Description))
                    text.Append(". ").Append(output.Description!.Trim());
                text.Append('\n');
            }

            return text.ToString().TrimEnd('\n');
        }

        /// <summary>A GBNF grammar that admits exactly the answer format (llama.cpp constrained decoding).</summary>
        public static string Grammar(IReadOnlyList<OutputModel> outputs)
        {
            var ruleNames = RuleNames(outputs);
            var text = new StringBuilder("root ::=");
            for (var i = 0; i < outputs.Count; i++)
            {
                var output = outputs[i];
                text.Append(' ').Append(Gbnf("<" + output.Column + ">")).Append(' ').Append(ruleNames[i])
                    .Append(' ').Append(Gbnf("</" + output.Column + ">" + (i + 1 < outputs.Count ? "\n" : "")));
            }

            text.Append('\n');
            for (var i = 0; i < outputs.Count; i++)
            {
                var output = outputs[i];
                text.Append(ruleNames[i]).Append(" ::= ");
                if (output.Kind == TaskOutputKind.Text)
                {
                    text.Append("[^<]+");
                }
                else
                {
                    var values = new List<string>();
                    // Longest first, so "10" is not cut short as "1".
                    for (var value = output.Max; value >= output.Min; value--)
                        values.Add(Gbnf(value.ToString(CultureInfo.InvariantCulture)));
                    text.Append("(").Append(string.Join(" | ", values)).Append(")");
                }

                text.Append('\n');
            }

            return text.ToString();
        }

        /// <summary>A JSON schema of the answer object, strict-mode friendly (all properties required, no others).</summary>
        public static string JsonSchema(string title, IReadOnlyList<OutputModel> outputs)
        {
            var text = new StringBuilder();
            text.Append("{\"title\":").Append(Json(title)).Append(",\"type\":\"object\",\"properties\":{");
            for (var i = 0; i < outputs.Count; i++)
            {
                var output = outputs[i];
                if (i > 0)
                    text.Append(',');
                text.Append(Json(output.Column)).Append(':');
                if (output.Kind == TaskOutputKind.Rating)
                {
                    text.Append("{\"type\":\"integer\",\"minimum\":").Append(output.Min.ToString(CultureInfo.InvariantCulture))
                        .Append(",\"maximum\":").Append(output.Max.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append("{\"type\":\"string\"");
                }

                if (!string.IsNullOrWhiteSpace(output.Description))
                    text.Append(",\"description\":").Append(Json(output.Description!.Trim()));
                text.Append('}');
            }

            text.Append("},\"required\":[");
            for (var i = 0; i < outputs.Count; i++)
                text.Append(i > 0 ? "," : "").Append(Json(outputs[i].Column));
            text.Append("],\"additionalProperties\":false}");
            return text.ToString();
        }

        /// <summary>
        /// GBNF rule names allow letters, digits and '-': "a_b" becomes "value-a-b". Columns "a_b" and "a-b" are
        /// distinct but would share that name, so a later one gets a numeric suffix.
        /// </summary>
        private static string[] RuleNames(IReadOnlyList<OutputModel> outputs)
        {
            var names = new string[outputs.Count];
            var used = new HashSet<string> { "root" };
            for (var i = 0; i < outputs.Count; i++)
            {
                var name = "value-" + outputs[i].Column.Replace('_', '-');
                for (var suffix = 2; !used.Add(name); suffix++)
                    name = "value-" + outputs[i].Column.Replace('_', '-') + "-" + suffix.ToString(CultureInfo.InvariantCulture);
                names[i] = name;
            }

            return names;
        }

        private static string Gbnf(string literal)
        {
            var text = new StringBuilder("\"");
            foreach (var c in literal)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    default: text.Append(c); break;
                }
            }

            return text.Append('"').ToString();
        }

        private static string Json(string value)
        {
            var text = new StringBuilder("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (c < ' ')
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            text.Append(c);
                        break;
                }
            }

            return text.Append('"').ToString();
        }
    }
}

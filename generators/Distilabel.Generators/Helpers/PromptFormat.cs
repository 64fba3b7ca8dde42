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
            {
                if (input.IsList)
                    text.Append('<').Append(input.Column).Append(">\n<item index=\"1\">…</item>\n<item index=\"2\">…</item>\n…\n</").Append(input.Column).Append(">\n");
                else
                    text.Append('<').Append(input.Column).Append(">…</").Append(input.Column).Append(">\n");
            }

            text.Append('\n').Append(AnswerFormat(outputs));
            return text.ToString().TrimEnd('\n');
        }

        /// <summary>The tagged answer format: the tags to answer with, then what each one holds.</summary>
        public static string AnswerFormat(IReadOnlyList<OutputModel> outputs)
        {
            var text = new StringBuilder();
            text.Append("Answer with exactly these tags, in this order, and nothing else:\n");
            foreach (var output in outputs)
            {
                var placeholder = output.Kind == TaskOutputKind.Rating ? "X" : "TEXT";
                if (output.Shape == OutputShape.Single)
                    text.Append('<').Append(output.Column).Append('>').Append(placeholder).Append("</").Append(output.Column).Append(">\n");
                else
                    text.Append('<').Append(output.Column).Append(">\n<item index=\"1\">").Append(placeholder).Append("</item>\n…\n</").Append(output.Column).Append(">\n");
            }

            text.Append("\nwhere:\n");
            foreach (var output in outputs)
            {
                text.Append("- ").Append(output.Column).Append(": ");
                if (output.Shape == OutputShape.PerItem)
                    text.Append("one item for each item of ").Append(output.ItemsOf!.Column).Append(", with the same index, each ");
                else if (output.Shape == OutputShape.List)
                    text.Append("as many items as needed, numbered from 1, each ");
                text.Append(output.Kind == TaskOutputKind.Rating
                    ? string.Format(CultureInfo.InvariantCulture, "an integer from {0} to {1}", output.Min, output.Max)
                    : output.Shape == OutputShape.Single ? "free text without '<'" : "one line of text without '<'");
                if (output.MaxLength > 0)
                    text.Append(", at most ").Append(output.MaxLength.ToString(CultureInfo.InvariantCulture)).Append(" characters");
                if (output.MaxItems > 0)
                    text.Append("; at most ").Append(output.MaxItems.ToString(CultureInfo.InvariantCulture)).Append(" items");
                if (!string.IsNullOrWhiteSpace(output.Description))
                    text.Append(". ").Append(output.Description!.Trim());
                text.Append('\n');
            }

            return text.ToString().TrimEnd('\n');
        }

        /// <summary>
        /// A GBNF grammar that admits exactly the answer format (llama.cpp constrained decoding). A per-item output's
        /// items rule (see <see cref="ItemsRuleNames"/>) admits any number of items here; the generated
        /// <c>BuildOutputGrammar</c> replaces it with the exact count of the instance's list input.
        /// </summary>
        public static string Grammar(IReadOnlyList<OutputModel> outputs)
        {
            var ruleNames = RuleNames(outputs);
            var itemsRules = ItemsRuleNames(outputs);
            var text = new StringBuilder("root ::=");
            for (var i = 0; i < outputs.Count; i++)
            {
                var output = outputs[i];
                var last = i + 1 == outputs.Count;
                // An output that exists only for some parameter values (When) may be left out.
                if (output.When is not null)
                    text.Append(" (");
                if (output.Shape == OutputShape.Single)
                {
                    text.Append(' ').Append(Gbnf("<" + output.Column + ">")).Append(' ').Append(ruleNames[i])
                        .Append(' ').Append(Gbnf("</" + output.Column + ">" + (last ? "" : "\n")));
                }
                else
                {
                    text.Append(' ').Append(Gbnf("<" + output.Column + ">\n")).Append(' ').Append(itemsRules[i])
                        .Append(' ').Append(Gbnf("</" + output.Column + ">" + (last ? "" : "\n")));
                }

                if (output.When is not null)
                    text.Append(" )?");
            }

            text.Append('\n');
            for (var i = 0; i < outputs.Count; i++)
            {
                var output = outputs[i];
                if (output.Shape != OutputShape.Single)
                {
                    // Any index here (a list output numbers its own items; a per-item one gets exact indexes per instance).
                    var item = "(" + Gbnf("<item index=\"") + " [1-9] [0-9]{0,3} " + Gbnf("\">") + " " + ruleNames[i] + " " + Gbnf("</item>\n") + ")";
                    var count = output.Shape == OutputShape.PerItem ? "*"
                        : output.MaxItems > 0 ? "{1," + output.MaxItems.ToString(CultureInfo.InvariantCulture) + "}"
                        : "+";
                    text.Append(itemsRules[i]).Append(" ::= ").Append(item).Append(count).Append('\n');
                }

                text.Append(ruleNames[i]).Append(" ::= ");
                if (output.Kind == TaskOutputKind.Text)
                {
                    // An item of a list is one line.
                    text.Append(output.Shape == OutputShape.Single ? "[^<]" : "[^<\\n]")
                        .Append(output.MaxLength > 0 ? "{1," + output.MaxLength.ToString(CultureInfo.InvariantCulture) + "}" : "+");
                }
                else if (output.Min >= 0 && output.Max <= 9)
                {
                    // One digit: a character class, shorter to send and cheaper for llama.cpp to match than alternatives.
                    text.Append(output.Min == output.Max
                        ? Gbnf(output.Min.ToString(CultureInfo.InvariantCulture))
                        : "[" + output.Min.ToString(CultureInfo.InvariantCulture) + "-" + output.Max.ToString(CultureInfo.InvariantCulture) + "]");
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
                if (output.Shape != OutputShape.Single)
                    text.Append("{\"type\":\"array\",\"items\":");
                if (output.Kind == TaskOutputKind.Rating)
                {
                    text.Append("{\"type\":\"integer\",\"minimum\":").Append(output.Min.ToString(CultureInfo.InvariantCulture))
                        .Append(",\"maximum\":").Append(output.Max.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append("{\"type\":\"string\"");
                    if (output.MaxLength > 0)
                        text.Append(",\"maxLength\":").Append(output.MaxLength.ToString(CultureInfo.InvariantCulture));
                }

                if (output.Shape != OutputShape.Single)
                {
                    text.Append('}');
                    if (output.MaxItems > 0)
                        text.Append(",\"maxItems\":").Append(output.MaxItems.ToString(CultureInfo.InvariantCulture));
                }

                if (!string.IsNullOrWhiteSpace(output.Description))
                    text.Append(",\"description\":").Append(Json(output.Description!.Trim()));
                text.Append('}');
            }

            text.Append("},\"required\":[");
            var first = true;
            for (var i = 0; i < outputs.Count; i++)
            {
                // An output that exists only for some parameter values (When) is not required.
                if (outputs[i].When is not null)
                    continue;
                text.Append(first ? "" : ",").Append(Json(outputs[i].Column));
                first = false;
            }

            text.Append("],\"additionalProperties\":false}");
            return text.ToString();
        }

        /// <summary>
        /// GBNF rule names allow letters, digits and '-': "a_b" becomes "value-a-b". Columns "a_b" and "a-b" are
        /// distinct but would share that name, so a later one gets a numeric suffix.
        /// </summary>
        private static string[] RuleNames(IReadOnlyList<OutputModel> outputs) => AllRuleNames(outputs).Values;

        /// <summary>The rule of each output's value (of one item, for a list output).</summary>
        public static string[] ValueRuleNames(IReadOnlyList<OutputModel> outputs) => AllRuleNames(outputs).Values;

        /// <summary>The rule of each list output's items (null for a single-value output): <c>items-…</c>, unique in the grammar.</summary>
        public static string?[] ItemsRuleNames(IReadOnlyList<OutputModel> outputs) => AllRuleNames(outputs).Items;

        private static (string[] Values, string?[] Items) AllRuleNames(IReadOnlyList<OutputModel> outputs)
        {
            var names = new string[outputs.Count];
            var items = new string?[outputs.Count];
            var used = new HashSet<string> { "root" };
            for (var i = 0; i < outputs.Count; i++)
                names[i] = Unique(used, "value-" + outputs[i].Column.Replace('_', '-'));
            for (var i = 0; i < outputs.Count; i++)
            {
                if (outputs[i].Shape != OutputShape.Single)
                    items[i] = Unique(used, "items-" + outputs[i].Column.Replace('_', '-'));
            }

            return (names, items);
        }

        private static string Unique(HashSet<string> used, string name)
        {
            var unique = name;
            for (var suffix = 2; !used.Add(unique); suffix++)
                unique = name + "-" + suffix.ToString(CultureInfo.InvariantCulture);
            return unique;
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

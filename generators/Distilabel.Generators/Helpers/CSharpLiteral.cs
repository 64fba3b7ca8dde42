using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Distilabel.Generators.Helpers
{
    /// <summary>Values written as C# source: literals and identifiers.</summary>
    internal static class CSharpLiteral
    {
        /// <summary>A regular C# string literal (with quotes) or <c>null</c>.</summary>
        public static string Quoted(string? value)
        {
            if (value is null)
                return "null";
            var text = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    case '\0': text.Append("\\0"); break;
                    default:
                        if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            text.Append(c);
                        break;
                }
            }

            return text.Append('"').ToString();
        }

        /// <summary>An identifier as it must be written in code: <c>@class</c> for the keyword <c>class</c>.</summary>
        public static string Identifier(string name)
            => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Bool(bool value) => value ? "true" : "false";
    }
}

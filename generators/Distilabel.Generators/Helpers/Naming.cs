using System.Text;

namespace Distilabel.Generators.Helpers
{
    internal static class Naming
    {
        /// <summary>"ResponseText" → "response_text", "HTTPCode" → "http_code".</summary>
        public static string ToSnakeCase(string name)
        {
            var text = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                    var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                    var previousIsUpper = i > 0 && char.IsUpper(name[i - 1]);
                    if (text.Length > 0 && text[text.Length - 1] != '_' && (previousIsLowerOrDigit || (previousIsUpper && nextIsLower)))
                        text.Append('_');
                    text.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    text.Append(c);
                }
            }

            return text.ToString();
        }

        /// <summary>Argilla's portable name rule: <c>^(?=.*[a-z0-9])[a-z0-9_-]+$</c>.</summary>
        public static bool IsValidColumnName(string name)
        {
            if (name.Length == 0 || name.Length > 200)
                return false;
            var hasAlphanumeric = false;
            foreach (var c in name)
            {
                var alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                if (!alphanumeric && c != '_' && c != '-')
                    return false;
                hasAlphanumeric |= alphanumeric;
            }

            return hasAlphanumeric;
        }

        /// <summary>"correctness_score" → "Correctness score".</summary>
        public static string ToTitle(string propertyName)
        {
            var words = ToSnakeCase(propertyName).Replace('_', ' ');
            return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words.Substring(1);
        }
    }
}

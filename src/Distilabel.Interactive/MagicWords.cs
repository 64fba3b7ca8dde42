using System.Text;

namespace Distilabel.Interactive;

/// <summary>
/// Splits a magic command's text into words as a POSIX shell does for plain words: quotes group, a backslash escapes,
/// newlines separate, and <c>$NAME</c>, <c>${NAME}</c> and <c>${NAME:-default}</c> (outside single quotes) are environment
/// variables. An unset variable without a default is an error, not an empty word.
/// </summary>
public static class MagicWords
{
    /// <summary>The words of <paramref name="text"/>; <paramref name="environment"/> reads variables (default: the process environment).</summary>
    /// <exception cref="FormatException">An unclosed quote, or an unset variable without a default.</exception>
    public static List<string> Split(string text, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q)
                    quote = null;
                else if (c == '\\' && q == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$')
                    word.Append(text[++i]);
                else if (c != '$' || q != '"' || !TryVariable(text, ref i, environment, word))
                    word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                // A backslash before a line break continues the line, as in a shell.
                var next = text[++i];
                if (next == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                if (next is not ('\n' or '\r'))
                {
                    word.Append(next);
                    inWord = true;
                }
            }
            else if (c == '$' && TryVariable(text, ref i, environment, word))
            {
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
            throw new FormatException($"an unclosed {quote} quote");
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    /// <summary>Appends the value of the variable at <paramref name="i"/> (a <c>$</c>), moving past it; false when no name follows.</summary>
    private static bool TryVariable(string text, ref int i, Func<string, string?> environment, StringBuilder word)
    {
        string name;
        string? fallback = null;
        if (i + 1 < text.Length && text[i + 1] == '{')
        {
            var close = text.IndexOf('}', i + 2);
            if (close < 0)
                throw new FormatException("an unclosed ${ in a variable");
            var inner = text[(i + 2)..close];
            var dash = inner.IndexOf(":-", StringComparison.Ordinal);
            (name, fallback) = dash < 0 ? (inner, null) : (inner[..dash], inner[(dash + 2)..]);
            i = close;
        }
        else
        {
            var end = i + 1;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                end++;
            if (end == i + 1)
                return false;
            name = text[(i + 1)..end];
            i = end - 1;
        }

        var value = environment(name) is { Length: > 0 } set ? set : fallback
            ?? throw new FormatException($"the environment variable {name} is not set (write ${{{name}:-default}} to give a default)");
        word.Append(value);
        return true;
    }
}

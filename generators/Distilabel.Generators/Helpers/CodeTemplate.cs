using System.Runtime.CompilerServices;
using System.Text;

namespace Distilabel.Generators.Helpers
{
    /// <summary>
    /// Renders a raw-string code template (<c>Code($$"""…""")</c>) so that the generated code reads as the template does:
    /// <list type="bullet">
    /// <item>a multi-line hole keeps the indentation of the line it sits on (a nested block or a list of statements);</item>
    /// <item>a line that holds nothing but holes that rendered empty is left out (an optional member or statement);</item>
    /// <item>line ends are <c>\n</c> whatever the template file's own line ends, so the output is the same on every machine.</item>
    /// </list>
    /// Holes take strings only: numbers go through <see cref="CSharpLiteral"/> so no culture can reach the code.
    /// </summary>
    [InterpolatedStringHandler]
    internal struct CodeTemplate
    {
        private readonly StringBuilder _text;

        /// <summary>Where the line being written starts in <see cref="_text"/>.</summary>
        private int _lineStart;

        /// <summary>Whether a hole on the line being written rendered empty (the line goes if nothing else is on it).</summary>
        private bool _emptyHoleOnLine;

        public CodeTemplate(int literalLength, int formattedCount)
        {
            _text = new StringBuilder(literalLength + (formattedCount * 32));
            _lineStart = 0;
            _emptyHoleOnLine = false;
        }

        /// <summary>The code of <paramref name="template"/>.</summary>
        public static string Code(CodeTemplate template) => template.Render();

        public void AppendLiteral(string value)
        {
            if (value.IndexOf('\r') >= 0)
                value = value.Replace("\r", "");
            var start = 0;
            for (var newline = value.IndexOf('\n'); newline >= 0; newline = value.IndexOf('\n', start))
            {
                _text.Append(value, start, newline - start);
                EndLine();
                start = newline + 1;
            }

            _text.Append(value, start, value.Length - start);
        }

        public void AppendFormatted(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                _emptyHoleOnLine = true;
                return;
            }

            var indentation = LineIndentation();
            var start = 0;
            for (var newline = value!.IndexOf('\n'); newline >= 0; newline = value.IndexOf('\n', start))
            {
                _text.Append(value, start, newline - start);
                EndLine();
                start = newline + 1;
                // An empty line of the hole stays empty, as an empty line of the template does.
                if (start < value.Length && value[start] != '\n')
                    _text.Append(indentation);
            }

            _text.Append(value, start, value.Length - start);
        }

        private string Render()
        {
            if (_emptyHoleOnLine && LineIsBlank())
                _text.Length = _lineStart == 0 ? 0 : _lineStart - 1;
            return _text.ToString();
        }

        private void EndLine()
        {
            if (_emptyHoleOnLine && LineIsBlank())
            {
                _text.Length = _lineStart;
            }
            else
            {
                _text.Append('\n');
                _lineStart = _text.Length;
            }

            _emptyHoleOnLine = false;
        }

        private bool LineIsBlank()
        {
            for (var i = _lineStart; i < _text.Length; i++)
            {
                if (_text[i] != ' ')
                    return false;
            }

            return true;
        }

        private string LineIndentation()
        {
            var end = _lineStart;
            while (end < _text.Length && _text[end] == ' ')
                end++;
            return end == _lineStart ? "" : new string(' ', end - _lineStart);
        }
    }
}

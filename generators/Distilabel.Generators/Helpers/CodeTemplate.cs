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
            foreach (var c in value)
            {
                if (c == '\r')
                    continue;
                if (c == '\n')
                    EndLine();
                else
                    _text.Append(c);
            }
        }

        public void AppendFormatted(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                _emptyHoleOnLine = true;
                return;
            }

            var indentation = LineIndentation();
            for (var i = 0; i < value!.Length; i++)
            {
                var c = value[i];
                if (c != '\n')
                {
                    _text.Append(c);
                    continue;
                }

                EndLine();
                // An empty line of the hole stays empty, as an empty line of the template does.
                if (i + 1 < value.Length && value[i + 1] != '\n')
                    _text.Append(indentation);
            }
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
            return new string(' ', end - _lineStart);
        }
    }
}

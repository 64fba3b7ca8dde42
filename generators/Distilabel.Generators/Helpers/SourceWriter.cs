using System.Text;

namespace Distilabel.Generators.Helpers
{
    /// <summary>A StringBuilder that knows the current indentation.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private int _indent;

        public SourceWriter WriteLine(string line = "")
        {
            if (line.Length > 0)
                _text.Append(' ', _indent * 4);
            _text.Append(line).Append('\n');
            return this;
        }

        public SourceWriter OpenBlock(string header)
        {
            WriteLine(header);
            WriteLine("{");
            _indent++;
            return this;
        }

        public SourceWriter CloseBlock(string closing = "}")
        {
            _indent--;
            return WriteLine(closing);
        }

        public SourceWriter Indent()
        {
            _indent++;
            return this;
        }

        public SourceWriter Unindent()
        {
            _indent--;
            return this;
        }

        public override string ToString() => _text.ToString();
    }
}

using System.Text;

namespace Distilabel.Rendering;

/// <summary>A tiny HTML writer: every text and attribute value goes through <see cref="Html"/>; markup is written by the renderers only.</summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _sb = new();

    /// <summary>Opens <paramref name="tag"/> with an inline style and optional extra attributes (name, value) pairs.</summary>
    public HtmlBuilder Open(string tag, string? style = null, params (string Name, string? Value)[] attributes)
    {
        _sb.Append('<').Append(tag);
        if (!string.IsNullOrEmpty(style))
            Attribute("style", style);
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
                Attribute(name, value);
        }

        _sb.Append('>');
        return this;
    }

    public HtmlBuilder Close(string tag)
    {
        _sb.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An element holding escaped text.</summary>
    public HtmlBuilder Element(string tag, string? style, string? text, params (string Name, string? Value)[] attributes)
        => Open(tag, style, attributes).Text(text).Close(tag);

    public HtmlBuilder Text(string? text)
    {
        Html.AppendEncoded(_sb, text);
        return this;
    }

    /// <summary>Markup written by a renderer (never data).</summary>
    public HtmlBuilder Markup(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    public override string ToString() => _sb.ToString();

    private void Attribute(string name, string value)
    {
        _sb.Append(' ').Append(name).Append("=\"");
        Html.AppendEncoded(_sb, value);
        _sb.Append('"');
    }
}

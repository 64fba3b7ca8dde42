using Distilabel.Generators.Helpers;
using static Distilabel.Generators.Helpers.CodeTemplate;

namespace Distilabel.Generators.Tests.Helpers;

/// <summary>The emitter's template rules: multi-line holes keep their line's indentation, empty optional lines go.</summary>
public class CodeTemplateTests
{
    [Fact]
    public void A_multi_line_hole_is_indented_like_its_line()
    {
        var body = "var a = 1;\nif (a > 0)\n    a++;";
        var code = Code($$"""
            void M()
            {
                {{body}}
            }
            """);
        Assert.Equal("void M()\n{\n    var a = 1;\n    if (a > 0)\n        a++;\n}", code);
    }

    [Fact]
    public void Empty_lines_of_a_hole_stay_empty()
    {
        var members = "int A;\n\nint B;";
        Assert.Equal("class C\n{\n    int A;\n\n    int B;\n}", Code($$"""
            class C
            {
                {{members}}
            }
            """));
    }

    [Fact]
    public void A_line_of_empty_holes_is_left_out_wherever_it_is()
    {
        var none = "";
        string? missing = null;
        Assert.Equal("first\nlast", Code($$"""
            first
                {{none}}{{missing}}
            last
            """));
        Assert.Equal("first", Code($$"""
            first
                {{none}}
            """));
        Assert.Equal("last", Code($$"""
            {{none}}
            last
            """));
    }

    [Fact]
    public void An_empty_hole_beside_text_keeps_its_line()
    {
        var none = "";
        Assert.Equal("f(x);\n", Code($$"""
            f(x){{none}};

            """));
    }

    [Fact]
    public void A_template_written_with_crlf_line_ends_renders_lf()
    {
        var template = new CodeTemplate(0, 1);
        template.AppendLiteral("a\r\n    ");
        template.AppendFormatted("b\nc");
        template.AppendLiteral("\r\nd");
        Assert.Equal("a\n    b\n    c\nd", Code(template));
    }
}

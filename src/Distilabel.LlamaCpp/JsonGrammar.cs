namespace Distilabel.LlamaCpp;

/// <summary>GBNF grammars of general use.</summary>
public static class JsonGrammar
{
    /// <summary>Any JSON object (llama.cpp's <c>grammars/json.gbnf</c>), used for <see cref="Microsoft.Extensions.AI.ChatResponseFormat.Json"/>.</summary>
    public const string AnyObject = """
        root   ::= object
        value  ::= object | array | string | number | ("true" | "false" | "null") ws
        object ::= "{" ws ( string ":" ws value ("," ws string ":" ws value)* )? "}" ws
        array  ::= "[" ws ( value ("," ws value)* )? "]" ws
        string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" (["\\bfnrt] | "u" [0-9a-fA-F]{4}) )* "\"" ws
        number ::= ("-"? ([0-9] | [1-9] [0-9]{0,15})) ("." [0-9]+)? ([eE] [-+]? [0-9] [1-9]{0,15})? ws
        ws     ::= | " " | "\n" [ \t]{0,20}
        """;
}

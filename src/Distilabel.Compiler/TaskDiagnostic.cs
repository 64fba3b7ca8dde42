namespace Distilabel.Compiler;

/// <summary>A generator (DLB…) or compiler message about task source, as plain values.</summary>
/// <param name="File">The file name the source was given (empty for a message about no file).</param>
/// <param name="Line">1-based line, 0 when the message is about no line.</param>
/// <param name="Column">1-based column, 0 when the message is about no line.</param>
public sealed record TaskDiagnostic(string Id, string Severity, string Message, string File, int Line, int Column)
{
    /// <summary>Whether it stops the build.</summary>
    public bool IsError => Severity == "error";

    /// <summary>The compiler's own format: <c>MyJudge.cs(12,5): error DLB0004: …</c>.</summary>
    public override string ToString()
        => (Line > 0 ? $"{File}({Line},{Column}): " : File.Length > 0 ? File + ": " : "") + $"{Severity} {Id}: {Message}";
}

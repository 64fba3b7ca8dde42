namespace Distilabel.Rendering;

/// <summary>A compiler or source-generator message about code a user wrote (for example a task declared in a notebook cell).</summary>
/// <param name="Id">The diagnostic id (DLB0004, CS1002, …).</param>
/// <param name="Severity">"error" or "warning".</param>
/// <param name="Message">The message.</param>
/// <param name="Line">1-based line in the user's code, or 0 when it has no location.</param>
/// <param name="Column">1-based column, or 0.</param>
public sealed record CompilerDiagnosticView(string Id, string Severity, string Message, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString()
        => (Line > 0 ? $"({Line},{Column}): " : "") + $"{Severity} {Id}: {Message}";
}

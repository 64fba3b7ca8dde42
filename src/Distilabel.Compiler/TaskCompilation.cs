namespace Distilabel.Compiler;

/// <summary>The result of compiling task source.</summary>
/// <param name="AssemblyName">The assembly's name (a hash of the source and of the library and generator versions).</param>
/// <param name="AssemblyPath">The assembly file, or null when the source has errors.</param>
/// <param name="TaskTypeNames">Fully qualified names (<c>global::…</c>) of the generated tasks.</param>
/// <param name="Diagnostics">Generator (DLB…) and compiler messages, in source order.</param>
public sealed record TaskCompilation(
    string AssemblyName,
    string? AssemblyPath,
    IReadOnlyList<string> TaskTypeNames,
    IReadOnlyList<TaskDiagnostic> Diagnostics)
{
    /// <summary>Metadata names (<c>Namespace.Outer+Inner</c>) of every type the source declares.</summary>
    public IReadOnlyList<string> DeclaredTypeNames { get; init; } = [];

    /// <summary>True when an assembly was written.</summary>
    public bool Success => AssemblyPath is not null;

    /// <summary>The errors.</summary>
    public IEnumerable<TaskDiagnostic> Errors => Diagnostics.Where(d => d.IsError);
}

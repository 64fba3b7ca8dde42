using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Distilabel.Compiler;
using Distilabel.Rendering;

namespace Distilabel.Interactive;

/// <summary>
/// Compiles a notebook cell holding <c>[LlmTask]</c> partial records with the Distilabel source generator (which a
/// notebook's script kernel does not run) into an assembly file, with <see cref="TaskCompiler"/> (the command line's
/// <c>--task file.cs</c> uses the same). Used by the <c>#!llm-task</c> cell.
/// </summary>
public static class CellTaskCompiler
{
    /// <summary>Usings every cell gets, so a declaration needs none.</summary>
    public const string GlobalUsings = TaskCompiler.GlobalUsings;

    /// <summary>The file name diagnostics refer to.</summary>
    public const string CellFileName = "cell.cs";

    private const string AssemblyPrefix = "Distilabel.CellTasks.";

    // Shipped beside this assembly in lib/<tfm> (the extension itself loads from interactive-extensions/dotnet).
    private static readonly string[] BundledAssemblies = ["Distilabel.Generators", "Distilabel.Compiler"];

    static CellTaskCompiler()
    {
        // Loaded from a package's interactive-extensions/dotnet folder, this assembly may not find the compiler and the
        // generator, which ship beside it in lib/<tfm>: look there.
        var context = AssemblyLoadContext.GetLoadContext(typeof(CellTaskCompiler).Assembly) ?? AssemblyLoadContext.Default;
        context.Resolving += (loadContext, name) =>
        {
            if (!BundledAssemblies.Contains(name.Name))
                return null;
            var here = Path.GetDirectoryName(typeof(CellTaskCompiler).Assembly.Location) ?? "";
            var tfm = Path.GetFileName(here);
            var candidates = new[]
            {
                Path.Combine(here, name.Name + ".dll"),
                Path.Combine(here, "..", "..", "lib", "net10.0", name.Name + ".dll"),
                Path.Combine(here, "..", "..", "lib", tfm, name.Name + ".dll"),
            };
            var path = candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
            return path is null ? null : loadContext.LoadFromAssemblyPath(path);
        };
    }

    /// <summary>Where compiled cells are written by default (a folder under the temp directory).</summary>
    public static string DefaultOutputDirectory => Path.Combine(Path.GetTempPath(), "distilabel-cell-tasks");

    /// <summary>
    /// Runs the generator over <paramref name="source"/>, compiles it, and writes the assembly to
    /// <paramref name="outputDirectory"/> (default <see cref="DefaultOutputDirectory"/>). The assembly name is a
    /// hash of the source, so compiling the same cell twice gives the same file. Never throws for bad source:
    /// the generator's DLB diagnostics and compiler errors are in the result.
    /// </summary>
    public static CellTaskCompilation Compile(string source, string? outputDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return CompileWithRoslyn(source, outputDirectory ?? DefaultOutputDirectory);
    }

    // Not inlined: the compiler assembly is resolved (by the handler above) only once this method is compiled.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CellTaskCompilation CompileWithRoslyn(string source, string outputDirectory)
    {
        var compiled = TaskCompiler.Compile(source, CellFileName, outputDirectory, AssemblyPrefix);
        var views = compiled.Diagnostics
            .Select(d => new CompilerDiagnosticView(d.Id == "DLBFILE" ? "DLBCELL" : d.Id, d.Severity, d.Id == "DLBFILE" ? "The cell declares no [LlmTask] partial record." : d.Message, d.Line, d.Column))
            .ToList();
        return new CellTaskCompilation(compiled.AssemblyName, compiled.AssemblyPath, compiled.TaskTypeNames, views) { DeclaredTypeNames = compiled.DeclaredTypeNames };
    }

    /// <summary>
    /// The first type of <paramref name="compilation"/> that an earlier cell (another source) already loaded into
    /// this process, or null. A notebook kernel cannot replace a loaded type: referencing both would make the
    /// name ambiguous in every later cell.
    /// </summary>
    public static string? FindTypeLoadedByAnotherCell(CellTaskCompilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        var others = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.GetName().Name is { } name && name.StartsWith(AssemblyPrefix, StringComparison.Ordinal) && name != compilation.AssemblyName)
            .ToList();
        return compilation.DeclaredTypeNames.FirstOrDefault(type => others.Any(a => a.GetType(type, throwOnError: false) is not null));
    }
}

/// <summary>The result of compiling a task cell.</summary>
/// <param name="AssemblyName">The assembly's name (a hash of the source).</param>
/// <param name="AssemblyPath">The assembly file, or null when the cell has errors.</param>
/// <param name="TaskTypeNames">Fully qualified names (<c>global::…</c>) of the generated tasks.</param>
/// <param name="Diagnostics">Generator (DLB…) and compiler messages, in source order.</param>
public sealed record CellTaskCompilation(
    string AssemblyName,
    string? AssemblyPath,
    IReadOnlyList<string> TaskTypeNames,
    IReadOnlyList<CompilerDiagnosticView> Diagnostics)
{
    /// <summary>Metadata names (<c>Namespace.Outer+Inner</c>) of every type the cell declares.</summary>
    public IReadOnlyList<string> DeclaredTypeNames { get; init; } = [];

    /// <summary>True when an assembly was written.</summary>
    public bool Success => AssemblyPath is not null;
}

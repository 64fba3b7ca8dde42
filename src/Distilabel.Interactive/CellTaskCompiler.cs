using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Distilabel.Rendering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Distilabel.Interactive;

/// <summary>
/// Compiles C# source holding <c>[LlmTask]</c> partial records with the Distilabel source generator (which a
/// notebook's script kernel does not run) into an assembly file. Used by the <c>#!llm-task</c> cell.
/// </summary>
public static class CellTaskCompiler
{
    /// <summary>Usings every cell gets, so a declaration needs none.</summary>
    public const string GlobalUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using Distilabel;\n";

    /// <summary>The file name diagnostics refer to.</summary>
    public const string CellFileName = "cell.cs";

    private const string AssemblyPrefix = "Distilabel.CellTasks.";
    private const string GeneratorAssemblyName = "Distilabel.Generators";
    private static readonly ConcurrentDictionary<string, MetadataReference> ReferenceCache = new(StringComparer.Ordinal);

    static CellTaskCompiler()
    {
        // Loaded from a package's interactive-extensions/dotnet folder, this assembly may not find the generator,
        // which ships beside it in lib/<tfm>: look there.
        var context = AssemblyLoadContext.GetLoadContext(typeof(CellTaskCompiler).Assembly) ?? AssemblyLoadContext.Default;
        context.Resolving += (loadContext, name) =>
        {
            if (name.Name != GeneratorAssemblyName)
                return null;
            var here = Path.GetDirectoryName(typeof(CellTaskCompiler).Assembly.Location) ?? "";
            var tfm = Path.GetFileName(here);
            var candidates = new[]
            {
                Path.Combine(here, GeneratorAssemblyName + ".dll"),
                Path.Combine(here, "..", "..", "lib", "net10.0", GeneratorAssemblyName + ".dll"),
                Path.Combine(here, "..", "..", "lib", tfm, GeneratorAssemblyName + ".dll"),
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
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var cell = CSharpSyntaxTree.ParseText(source, parseOptions, CellFileName, Encoding.UTF8);
        var usings = CSharpSyntaxTree.ParseText(GlobalUsings, parseOptions, "usings.cs", Encoding.UTF8);
        var assemblyName = AssemblyPrefix + Hash(source);

        var compilation = CSharpCompilation.Create(
            assemblyName,
            [usings, cell],
            References(),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true));

        var output = RunGenerator(compilation, parseOptions, out var generatorDiagnostics);
        var diagnostics = generatorDiagnostics
            .Concat(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            .ToList();
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            return new CellTaskCompilation(assemblyName, null, [], ToViews(diagnostics));

        var (tasks, types) = FindTypes(output);
        if (tasks.Count == 0)
        {
            var none = new CompilerDiagnosticView("DLBCELL", "error", "The cell declares no [LlmTask] partial record.", 0, 0);
            return new CellTaskCompilation(assemblyName, null, [], [.. ToViews(diagnostics), none]) { DeclaredTypeNames = types };
        }

        using var peStream = new MemoryStream();
        var emit = output.Emit(peStream);
        if (!emit.Success)
            return new CellTaskCompilation(assemblyName, null, [], ToViews(diagnostics.Concat(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)))) { DeclaredTypeNames = types };

        var directory = outputDirectory ?? DefaultOutputDirectory;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, assemblyName + ".dll");
        if (!File.Exists(path))
        {
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, peStream.ToArray());
            File.Move(temporary, path, overwrite: true);
        }

        return new CellTaskCompilation(assemblyName, path, tasks, ToViews(diagnostics)) { DeclaredTypeNames = types };
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Compilation RunGenerator(CSharpCompilation compilation, CSharpParseOptions parseOptions, out IReadOnlyList<Diagnostic> diagnostics)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new Distilabel.Generators.LlmTaskGenerator().AsSourceGenerator()],
            parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generated);
        diagnostics = generated;
        return output;
    }

    /// <summary>Tasks (C# names, <c>global::…</c>) and every type the cell declares (metadata names, for <see cref="Type.GetType(string)"/>).</summary>
    private static (List<string> Tasks, List<string> Types) FindTypes(Compilation compilation)
    {
        var contract = compilation.GetTypeByMetadataName("Distilabel.ILlmTask`1");
        var tasks = new List<string>();
        var types = new List<string>();

        void Visit(INamespaceOrTypeSymbol container, string prefix)
        {
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    Visit(ns, prefix + ns.MetadataName + ".");
                }
                else if (member is INamedTypeSymbol type && !type.IsImplicitlyDeclared && type.CanBeReferencedByName)
                {
                    var metadataName = prefix + type.MetadataName;
                    types.Add(metadataName);
                    if (contract is not null && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, contract)))
                        tasks.Add(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                    Visit(type, metadataName + "+");
                }
            }
        }

        Visit(compilation.Assembly.GlobalNamespace, "");
        tasks.Sort(StringComparer.Ordinal);
        types.Sort(StringComparer.Ordinal);
        return (tasks, types);
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

    private static List<CompilerDiagnosticView> ToViews(IEnumerable<Diagnostic> diagnostics)
        => diagnostics
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                var inCell = span.IsValid && span.Path == CellFileName;
                var line = inCell ? span.StartLinePosition.Line + 1 : 0;
                var column = inCell ? span.StartLinePosition.Character + 1 : 0;
                var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
                return new CompilerDiagnosticView(d.Id, severity, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), line, column);
            })
            .Distinct()
            .OrderBy(d => d.Line == 0 ? int.MaxValue : d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    private static string Hash(string source)
    {
        var text = new StringBuilder(source)
            .Append('\n').Append(typeof(LlmTaskAttribute).Assembly.ManifestModule.ModuleVersionId)
            .Append('\n').Append(GeneratorModuleVersionId());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Guid GeneratorModuleVersionId() => typeof(Distilabel.Generators.LlmTaskGenerator).Assembly.ManifestModule.ModuleVersionId;

    /// <summary>Every assembly the running process uses (framework, Distilabel, packages loaded by earlier cells).</summary>
    private static List<MetadataReference> References()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in new[] { typeof(LlmTaskAttribute).Assembly, typeof(Microsoft.Extensions.AI.ChatMessage).Assembly })
            paths.TryAdd(assembly.GetName().Name!, assembly.Location);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location) || assembly.GetName().Name is not { } name)
                continue;
            if (name.StartsWith(AssemblyPrefix, StringComparison.Ordinal) || name == GeneratorAssemblyName)
                continue;
            paths.TryAdd(name, assembly.Location);
        }

        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string platform)
        {
            foreach (var path in platform.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return paths.Values
            .Where(File.Exists)
            .Where(IsManagedAssembly)
            .Select(path => ReferenceCache.GetOrAdd(path, p => MetadataReference.CreateFromFile(p)))
            .ToList();
    }

    private static readonly ConcurrentDictionary<string, bool> ManagedCache = new(StringComparer.Ordinal);

    private static bool IsManagedAssembly(string path) => ManagedCache.GetOrAdd(path, p =>
    {
        try
        {
            AssemblyName.GetAssemblyName(p);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    });
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

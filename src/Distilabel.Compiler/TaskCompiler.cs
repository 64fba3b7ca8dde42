using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Distilabel.Compiler;

/// <summary>
/// Compiles C# source holding <c>[LlmTask]</c> partial records with the Distilabel source generator into an
/// assembly file, against the assemblies the running process uses. Never throws for bad source: the generator's DLB
/// diagnostics and compiler errors are in the result.
/// </summary>
public static class TaskCompiler
{
    /// <summary>Usings every source gets, so a declaration needs none.</summary>
    public const string GlobalUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using Distilabel;\n";

    /// <summary>The assembly name prefix of compiled task files.</summary>
    public const string DefaultAssemblyPrefix = "Distilabel.CompiledTasks.";

    private const string GeneratorAssemblyName = "Distilabel.Generators";
    private static readonly ConcurrentDictionary<string, MetadataReference> ReferenceCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, bool> ManagedCache = new(StringComparer.Ordinal);

    /// <summary>Where assemblies are written by default (a folder under the temp directory).</summary>
    public static string DefaultOutputDirectory => Path.Combine(Path.GetTempPath(), "distilabel-compiled-tasks");

    /// <summary>
    /// Runs the generator over <paramref name="source"/>, compiles it and writes the assembly to
    /// <paramref name="outputDirectory"/> (default <see cref="DefaultOutputDirectory"/>). The assembly name is
    /// <paramref name="assemblyPrefix"/> plus a hash of the source, so compiling the same source twice gives the same file.
    /// </summary>
    /// <param name="fileName">The name diagnostics refer to (<c>MyJudge.cs(12,5): error DLB0004: …</c>).</param>
    public static TaskCompilation Compile(string source, string fileName = "task.cs", string? outputDirectory = null, string assemblyPrefix = DefaultAssemblyPrefix)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(source, parseOptions, fileName, Encoding.UTF8);
        var usings = CSharpSyntaxTree.ParseText(GlobalUsings, parseOptions, "usings.cs", Encoding.UTF8);
        var assemblyName = assemblyPrefix + Hash(source);

        var compilation = CSharpCompilation.Create(
            assemblyName,
            [usings, tree],
            References(assemblyPrefix),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new Distilabel.Generators.LlmTaskGenerator().AsSourceGenerator()], parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var diagnostics = generatorDiagnostics
            .Concat(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            .ToList();
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            return new TaskCompilation(assemblyName, null, [], ToViews(diagnostics, fileName));

        var (tasks, types) = FindTypes(output);
        if (tasks.Count == 0)
        {
            var none = new TaskDiagnostic("DLBFILE", "error", "The source declares no [LlmTask] partial record.", fileName, 0, 0);
            return new TaskCompilation(assemblyName, null, [], [.. ToViews(diagnostics, fileName), none]) { DeclaredTypeNames = types };
        }

        using var peStream = new MemoryStream();
        var emit = output.Emit(peStream);
        if (!emit.Success)
            return new TaskCompilation(assemblyName, null, [], ToViews(diagnostics.Concat(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)), fileName)) { DeclaredTypeNames = types };

        var directory = outputDirectory ?? DefaultOutputDirectory;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, assemblyName + ".dll");
        if (!File.Exists(path))
        {
            // Written beside, then moved: a concurrent compile of the same source never sees half a file.
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, peStream.ToArray());
            File.Move(temporary, path, overwrite: true);
        }

        return new TaskCompilation(assemblyName, path, tasks, ToViews(diagnostics, fileName)) { DeclaredTypeNames = types };
    }

    /// <summary>Tasks (C# names, <c>global::…</c>) and every type the source declares (metadata names, for <see cref="Type.GetType(string)"/>).</summary>
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

    private static List<TaskDiagnostic> ToViews(IEnumerable<Diagnostic> diagnostics, string fileName)
        => diagnostics
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                var inFile = span.IsValid && span.Path == fileName;
                var line = inFile ? span.StartLinePosition.Line + 1 : 0;
                var column = inFile ? span.StartLinePosition.Character + 1 : 0;
                var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
                return new TaskDiagnostic(d.Id, severity, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), fileName, line, column);
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
            .Append('\n').Append(typeof(Distilabel.Generators.LlmTaskGenerator).Assembly.ManifestModule.ModuleVersionId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>Every assembly the running process uses (framework, Distilabel, packages), except earlier compiled task sources.</summary>
    private static List<MetadataReference> References(string assemblyPrefix)
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in new[] { typeof(LlmTaskAttribute).Assembly, typeof(Microsoft.Extensions.AI.ChatMessage).Assembly })
            paths.TryAdd(assembly.GetName().Name!, assembly.Location);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location) || assembly.GetName().Name is not { } name)
                continue;
            if (name.StartsWith(assemblyPrefix, StringComparison.Ordinal) || name == GeneratorAssemblyName)
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

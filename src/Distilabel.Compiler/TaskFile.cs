using System.Runtime.Loader;

namespace Distilabel.Compiler;

/// <summary>Tasks declared in a C# file (<c>distilabel label --task MyJudge.cs</c>): compiled with the generator, loaded, ready to run.</summary>
public static class TaskFile
{
    /// <summary>
    /// Compiles <paramref name="path"/> and loads its tasks. Throws <see cref="TaskFileException"/> with the generator
    /// and compiler errors (<c>MyJudge.cs(12,5): error DLB0004: …</c>), or <see cref="FileNotFoundException"/>.
    /// </summary>
    public static IReadOnlyList<LlmTaskDefinition> Load(string path, string? outputDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"task file not found: {path}", path);
        return FromSource(File.ReadAllText(path), path, outputDirectory);
    }

    /// <summary>
    /// Compiles a task file's <paramref name="source"/> (e.g. one a cluster job carries to its workers) and loads its
    /// tasks; errors name <paramref name="path"/>'s file. Throws <see cref="TaskFileException"/>.
    /// </summary>
    public static IReadOnlyList<LlmTaskDefinition> FromSource(string source, string path, string? outputDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var compilation = TaskCompiler.Compile(source, Path.GetFileName(path), outputDirectory);
        if (!compilation.Success)
            throw new TaskFileException(path, compilation.Diagnostics);

        var assembly = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == compilation.AssemblyName)
                       ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(compilation.AssemblyPath!));
        return compilation.TaskTypeNames
            .Select(name => assembly.GetType(name.Replace("global::", "", StringComparison.Ordinal), throwOnError: false)
                            ?? FindNested(assembly, name))
            .Select(LlmTaskDefinition.For)
            .ToList();
    }

    /// <summary>A nested task's C# name (<c>Outer.Inner</c>) is <c>Outer+Inner</c> in metadata.</summary>
    private static Type FindNested(System.Reflection.Assembly assembly, string csharpName)
    {
        var name = csharpName.Replace("global::", "", StringComparison.Ordinal);
        return assembly.GetTypes().First(t => t.FullName is { } full && full.Replace('+', '.') == name);
    }
}

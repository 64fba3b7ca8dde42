using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Distilabel.Generators.Tests.Infrastructure;

/// <summary>
/// Drives <see cref="LlmTaskGenerator"/> with a plain <see cref="CSharpGeneratorDriver"/> over in-memory sources,
/// with the references a real user has: the platform, Distilabel.dll and Microsoft.Extensions.AI.Abstractions.dll.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>A user's strict build: nullable enabled, every warning an error (as with TreatWarningsAsErrors).</summary>
    public static readonly CSharpCompilationOptions StrictOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
        // The .NET SDK's default NoWarn (assembly version unification notes), as in any real build.
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    public static IReadOnlyList<MetadataReference> References { get; } = BuildReferences();

    private static int _assemblyCounter;

    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "Distilabel.GeneratedTasks" + Interlocked.Increment(ref _assemblyCounter),
            sources.Select((source, i) => Parse(source, $"/src/Task{i}.cs")),
            References,
            StrictOptions);

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static GeneratorDriver CreateDriver(bool trackSteps = true)
        => CSharpGeneratorDriver.Create(
            [new LlmTaskGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once over <paramref name="sources"/>.</summary>
    public static GeneratorOutcome Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorOutcome Run(CSharpCompilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorOutcome(compilation, (CSharpCompilation)output, diagnostics, driver.GetRunResult());
    }

    /// <summary>Emits the compilation to memory and loads it.</summary>
    public static Assembly EmitAndLoad(Compilation compilation)
    {
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        Assert.True(result.Success, "Emit failed:\n" + string.Join("\n", result.Diagnostics));
        pe.Position = 0;
        return new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true).LoadFromStream(pe);
    }

    /// <summary>Diagnostics that a user would see (hidden ones, like unused usings, are not shown).</summary>
    public static ImmutableArray<Diagnostic> Visible(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).ToImmutableArray();

    private static List<MetadataReference> BuildReferences()
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return platform
            .Append(typeof(LlmTaskAttribute).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.AI.ChatMessage).Assembly.Location)
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutcome(
    CSharpCompilation Input,
    CSharpCompilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    GeneratorDriverRunResult RunResult)
{
    public GeneratorRunResult Result => Assert.Single(RunResult.Results);

    public ImmutableArray<GeneratedSourceResult> Sources => Result.GeneratedSources;

    /// <summary>Compiler diagnostics of the whole output (user code + generated code), hidden ones excluded.</summary>
    public ImmutableArray<Diagnostic> CompilerDiagnostics => GeneratorHarness.Visible(Output.GetDiagnostics());

    public string Source(string hintName) => Assert.Single(Sources, s => s.HintName == hintName).SourceText.ToString();
}

/// <summary>Finds the repository root (the folder holding Distilabel.Notebooks.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "Distilabel.Generators.Tests");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distilabel.Notebooks.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find Distilabel.Notebooks.sln above " + AppContext.BaseDirectory);
    }
}

using System.Reflection;
using Distilabel.Generators.Tests.Infrastructure;

namespace Distilabel.Generators.Tests;

/// <summary>Every public generated member says which generator wrote it, with the generator assembly's real version.</summary>
public class GeneratedCodeVersionTests
{
    /// <summary>The version the generator's assembly states (its package version: the informational version before any <c>+commit</c>).</summary>
    public static string AssemblyVersion()
    {
        var informational = typeof(LlmTaskGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }

    public static string Attribute(string version) => $"[global::System.CodeDom.Compiler.GeneratedCode(\"Distilabel.Generators\", \"{version}\")]";

    [Fact]
    public void The_version_is_the_generator_assemblys_own()
    {
        var version = AssemblyVersion();
        var assembly = typeof(LlmTaskGenerator).Assembly;
        Assert.Equal(version, LlmTaskGenerator.Emitter.GeneratorVersion);
        // The same release as the file and assembly versions (0.1.0 and 0.1.0.0), not a constant of the emitter.
        var release = version.Split('-')[0];
        Assert.StartsWith(release + ".", assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()!.Version + ".", StringComparison.Ordinal);
        Assert.DoesNotContain('+', version);
    }

    [Fact]
    public void Every_public_generated_member_carries_the_version()
    {
        var source = Assert.Single(GeneratorHarness.Run(TaskSources.All[nameof(TaskSources.ItemJudge)]).Sources).SourceText.ToString();
        var publicMembers = source.Split('\n').Count(line => line.TrimStart().StartsWith("public ", StringComparison.Ordinal));
        var attributes = source.Split('\n').Select(line => line.Trim()).Where(line => line.Contains("GeneratedCode(", StringComparison.Ordinal)).ToList();
        Assert.Equal(publicMembers, attributes.Count);
        Assert.All(attributes, line => Assert.Equal(Attribute(AssemblyVersion()), line));
    }

    [Fact]
    public void The_generated_code_compiles_with_the_attribute()
    {
        var outcome = GeneratorHarness.Run(TaskSources.All[nameof(TaskSources.ResponseRating)]);
        Assert.Empty(outcome.CompilerDiagnostics);
        var type = GeneratorHarness.EmitAndLoad(outcome.Output).GetTypes().Single(t => t.Name == "ResponseRating");
        var attribute = type.GetProperty("Descriptor")!.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>()!;
        Assert.Equal("Distilabel.Generators", attribute.Tool);
        Assert.Equal(AssemblyVersion(), attribute.Version);
    }
}

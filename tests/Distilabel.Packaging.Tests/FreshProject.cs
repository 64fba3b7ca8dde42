using Distilabel.Testing;

namespace Distilabel.Packaging.Tests;

/// <summary>
/// A new console project outside the repository (no Directory.Build.props, no central versions reach it) that
/// references packages from the <see cref="PackedFeed"/>, as a user's project would.
/// </summary>
public sealed class FreshProject
{
    private readonly PackedFeed _feed;

    private FreshProject(PackedFeed feed, string directory)
    {
        _feed = feed;
        Folder = directory;
    }

    public string Folder { get; }

    /// <summary>The restored assets (which packages the project got, transitively).</summary>
    public string Assets => File.ReadAllText(Path.Combine(Folder, "obj", "project.assets.json"));

    public static FreshProject Create(PackedFeed feed, string name, string program, params string[] packages)
    {
        var directory = Directory.CreateDirectory(Path.Combine(feed.Root, name)).FullName;
        // Empty files stop MSBuild looking further up for the build files of whatever folder holds the temp folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        feed.WriteNuGetConfig(directory);
        var references = string.Concat(packages.Select(p => p.Contains('=', StringComparison.Ordinal)
            ? $"    <PackageReference Include=\"{p[..p.IndexOf('=')]}\" Version=\"{p[(p.IndexOf('=') + 1)..]}\" />\n"
            : $"    <PackageReference Include=\"{p}\" Version=\"{feed.Version}\" />\n"));
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return new FreshProject(feed, directory);
    }

    /// <summary>`dotnet run` (restore, build, run) with <paramref name="args"/>; asserts it exits with 0.</summary>
    public async Task<string> RunAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(PackedFeed.Dotnet, ["run", "--", .. args], Folder, _feed.DotnetEnvironment, TimeSpan.FromMinutes(6));
        Assert.True(result.ExitCode == 0, $"dotnet run in {Path.GetFileName(Folder)} failed (exit {result.ExitCode}):\n{ProcessRunner.Tail(result.All)}");
        return result.StdOut;
    }
}

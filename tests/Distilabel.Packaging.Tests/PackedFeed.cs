using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Distilabel.Testing;

namespace Distilabel.Packaging.Tests;

/// <summary>The package tests share one pack of the solution and run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packaging";
}

/// <summary>
/// `dotnet pack Distilabel.Notebooks.sln` once (no build: this test project's build built every packable project) into
/// a local feed, under a version no NuGet cache has seen (<c>X.Y.Z-pkgtest.&lt;time&gt;.&lt;pid&gt;</c>), with an empty
/// NUGET_PACKAGES folder falling back to the machine's global one: a fresh project extracts only the new packages and
/// downloads nothing. Everything is deleted at the end.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The packages the solution must produce.</summary>
    public static readonly string[] PackageIds = ["Distilabel", "Distilabel.Cli", "Distilabel.Interactive", "Distilabel.LlamaCpp", "Distilabel.Orleans"];

    public string Root { get; } = Directory.CreateTempSubdirectory("distilabel-packaging-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    public string Version { get; } = $"{RepositoryVersion()}-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    /// <summary>The `dotnet` running the tests (`dotnet test` says which), else the one on PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Variables for a nested dotnet: the fresh packages folder with the global one as fallback.</summary>
    public IReadOnlyDictionary<string, string?> DotnetEnvironment { get; private set; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var packages = Directory.CreateDirectory(Path.Combine(Root, "packages")).FullName;
        DotnetEnvironment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = packages,
            ["NUGET_FALLBACK_PACKAGES"] = GlobalPackagesFolder,
            // The tool's launcher finds the runtime that runs these tests.
            ["DOTNET_ROOT"] = DotnetRoot(),
        };
        var configuration = typeof(PackedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var pack = await ProcessRunner.RunAsync(
            Dotnet,
            ["pack", Path.Combine(SharedFiles.RepoRoot, "Distilabel.Notebooks.sln"), "--no-build", "--nologo", "-c", configuration, "-o", Feed, $"-p:PackageVersion={Version}"],
            SharedFiles.RepoRoot,
            environment: null,
            TimeSpan.FromMinutes(8));
        Assert.True(pack.ExitCode == 0, $"dotnet pack Distilabel.Notebooks.sln failed:\n{ProcessRunner.Tail(pack.All)}");
    }

    /// <summary>The packed .nupkg of <paramref name="id"/>.</summary>
    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>The nuspec inside the package of <paramref name="id"/>.</summary>
    public XDocument Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(PackagePath(id));
        using var nuspec = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(nuspec);
    }

    /// <summary>The entries of the package of <paramref name="id"/>.</summary>
    public IReadOnlyList<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(PackagePath(id));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    /// <summary>A NuGet.Config for a fresh project: this feed and the registry the repository restores from.</summary>
    public void WriteNuGetConfig(string directory)
    {
        var registry = XDocument.Load(Path.Combine(SharedFiles.RepoRoot, "NuGet.Config")).Descendants("add")
            .First(e => (string?)e.Attribute("key") == "nuget.org").Attribute("value")!.Value;
        File.WriteAllText(Path.Combine(directory, "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="{registry}" />
              </packageSources>
            </configuration>
            """);
    }

    private static string GlobalPackagesFolder => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
        ? packages
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The folder of the real dotnet executable (/usr/bin/dotnet is often a link into it).</summary>
    private static string DotnetRoot()
    {
        var path = Path.GetFullPath(Dotnet == "dotnet" ? OnPath("dotnet") : Dotnet);
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        return Path.GetDirectoryName(target)!;
    }

    private static string OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists) ?? throw new FileNotFoundException($"{name} is not on PATH.");

    /// <summary>The &lt;Version&gt; of Directory.Build.props.</summary>
    private static string RepositoryVersion()
    {
        var props = XDocument.Load(Path.Combine(SharedFiles.RepoRoot, "Directory.Build.props"));
        return props.Descendants().FirstOrDefault(e => e.Name.LocalName == "Version")?.Value.Trim() is { Length: > 0 } version ? version : "0.1.0";
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing may hold a file for a moment; the temp folder is cleaned eventually.
        }

        return Task.CompletedTask;
    }
}

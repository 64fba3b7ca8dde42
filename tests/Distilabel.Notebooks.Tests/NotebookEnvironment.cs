using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Distilabel.Testing;
using Xunit.Abstractions;

namespace Distilabel.Notebooks.Tests;

/// <summary>The notebook and twin tests share one temporary folder and one packed feed, and run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection : ICollectionFixture<NotebookEnvironment>
{
    public const string Name = "Notebooks";
}

/// <summary>
/// A temporary folder for one test run holding: a local NuGet feed with Distilabel, Distilabel.LlamaCpp and Distilabel.Interactive packed
/// once, under a version no cache has seen (<c>X.Y.Z-nbtest.&lt;time&gt;.&lt;pid&gt;</c>); an empty NUGET_PACKAGES folder
/// that falls back to the machine's global packages folder (so the notebooks' <c>#r "nuget: …"</c> extracts only the
/// three fresh packages and downloads nothing); the kernelspec when none is installed; and the notebooks' outputs.
/// Everything is deleted at the end.
/// </summary>
public sealed class NotebookEnvironment : IAsyncLifetime
{
    private readonly Lazy<Task<PackedFeed>> _feed;
    private readonly Lazy<Task<string>> _jupyterData;

    public NotebookEnvironment()
    {
        Root = Directory.CreateTempSubdirectory("distilabel-notebooks-").FullName;
        _feed = new Lazy<Task<PackedFeed>>(PackAsync);
        _jupyterData = new Lazy<Task<string>>(JupyterDataAsync);
    }

    /// <summary>The temporary folder of this run.</summary>
    public string Root { get; }

    /// <summary>The repository's notebooks folder.</summary>
    public static string NotebooksDirectory => Path.Combine(SharedFiles.RepoRoot, "notebooks");

    /// <summary>The `dotnet` running the tests (`dotnet test` says which), else the one on PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The packed feed (packed on first use).</summary>
    public Task<PackedFeed> FeedAsync() => _feed.Value;

    /// <summary>A new empty folder under <see cref="Root"/>.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>
    /// Runs `jupyter nbconvert --execute` on notebooks/<paramref name="name"/>.ipynb from a folder outside the repository
    /// (the kernel must still start in the notebook's folder and find the repository from there), with the LLM forced
    /// to in-process llama.cpp and the tiny model, 3 rows, one thread.
    /// </summary>
    public async Task<ExecutedNotebook> ExecuteAsync(string name, IReadOnlyDictionary<string, string?>? environment, ITestOutputHelper log)
    {
        NotebookTools.EnsureAvailable();
        var feed = await FeedAsync();
        var jupyterData = await _jupyterData.Value;
        var outputDirectory = NewDirectory(name);
        var executed = Path.Combine(outputDirectory, name + ".executed.ipynb");
        var env = new Dictionary<string, string?>(CommonLlmEnvironment(outputDirectory))
        {
            ["PATH"] = NotebookTools.DotnetInteractiveDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["JUPYTER_PATH"] = jupyterData,
            ["NUGET_PACKAGES"] = feed.PackagesFolder,
            ["NUGET_FALLBACK_PACKAGES"] = GlobalPackagesFolder,
            ["DISTILABEL_PACKAGES"] = feed.Directory,
            ["DISTILABEL_REPO_ROOT"] = null,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            env[key] = value;

        var result = await ProcessRunner.RunAsync(
            NotebookTools.Jupyter,
            ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output", executed, Path.Combine(NotebooksDirectory, name + ".ipynb")],
            workingDirectory: outputDirectory,
            env,
            TimeSpan.FromMinutes(8));
        log.WriteLine($"nbconvert {name}: exit {result.ExitCode} in {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.ExitCode == 0, $"jupyter nbconvert --execute {name}.ipynb failed (exit {result.ExitCode}):\n{ProcessRunner.Tail(result.All)}");
        return new ExecutedNotebook(JsonNode.Parse(await File.ReadAllTextAsync(executed))!, outputDirectory, feed.Version);
    }

    /// <summary>Runs `dotnet run notebooks/<paramref name="name"/>.cs` from the repository root, as a user would.</summary>
    public async Task<ProcessRunner.Result> RunTwinAsync(string name, IReadOnlyDictionary<string, string?>? environment, ITestOutputHelper log)
    {
        var outputDirectory = NewDirectory(name + "-twin");
        var env = new Dictionary<string, string?>(CommonLlmEnvironment(outputDirectory));
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            env[key] = value;
        var result = await ProcessRunner.RunAsync(Dotnet, ["run", $"notebooks/{name}.cs"], SharedFiles.RepoRoot, env, TimeSpan.FromMinutes(5));
        log.WriteLine($"dotnet run notebooks/{name}.cs: exit {result.ExitCode} in {result.Elapsed.TotalSeconds:0.0} s");
        log.WriteLine(ProcessRunner.Tail(result.All, 3000));
        Assert.True(result.ExitCode == 0, $"dotnet run notebooks/{name}.cs failed (exit {result.ExitCode}):\n{ProcessRunner.Tail(result.All)}");
        return result;
    }

    /// <summary>No OpenAI settings leak in from the machine: the tiny model, in-process, 3 rows, one thread.</summary>
    private static Dictionary<string, string?> CommonLlmEnvironment(string outputDirectory) => new()
    {
        ["OPENAI_API_KEY"] = null,
        ["OPENAI_BASE_URL"] = null,
        ["DISTILABEL_MODEL"] = SharedFiles.TinyModelPath,
        ["DISTILABEL_LLAMACPP_THREADS"] = "1",
        ["DISTILABEL_NOTEBOOK_ROWS"] = "3",
        ["DISTILABEL_NOTEBOOK_OUTPUT"] = outputDirectory,
        ["HF_TOKEN"] = null,
        ["HUGGING_FACE_HUB_TOKEN"] = null,
        ["HF_ENDPOINT"] = null,
        ["HF_HUB_OFFLINE"] = null,
    };

    private static string GlobalPackagesFolder => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
        ? packages
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private async Task<PackedFeed> PackAsync()
    {
        var feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        var packages = Directory.CreateDirectory(Path.Combine(Root, "packages")).FullName;
        var version = $"{RepositoryVersion()}-nbtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var configuration = typeof(NotebookEnvironment).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        foreach (var project in new[] { "src/Distilabel/Distilabel.csproj", "src/Distilabel.LlamaCpp/Distilabel.LlamaCpp.csproj", "src/Distilabel.Interactive/Distilabel.Interactive.csproj" })
        {
            // Built by this test project's build (see the csproj), so packing needs no build and touches no bin/ folder.
            var result = await ProcessRunner.RunAsync(
                Dotnet,
                ["pack", Path.Combine(SharedFiles.RepoRoot, project), "--no-build", "--nologo", "-c", configuration, "-o", feed,
                    $"-p:PackageVersion={version}"],
                SharedFiles.RepoRoot,
                environment: null,
                TimeSpan.FromMinutes(3));
            Assert.True(result.ExitCode == 0, $"dotnet pack {project} failed:\n{ProcessRunner.Tail(result.All)}");
        }

        return new PackedFeed(feed, version, packages);
    }

    private async Task<string> JupyterDataAsync()
    {
        if (NotebookTools.JupyterDataDirectory is { } installed)
            return installed;
        var data = Path.Combine(Root, "jupyter");
        Directory.CreateDirectory(Path.Combine(data, "kernels"));
        var result = await ProcessRunner.RunAsync(
            Path.Combine(NotebookTools.DotnetInteractiveDirectory!, "dotnet-interactive"),
            ["jupyter", "install", "--path", Path.Combine(data, "kernels")],
            Root,
            new Dictionary<string, string?> { ["PATH"] = NotebookTools.DotnetInteractiveDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") },
            TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0 && File.Exists(Path.Combine(data, "kernels", ".net-csharp", "kernel.json")),
            $"dotnet-interactive jupyter install failed:\n{ProcessRunner.Tail(result.All)}");
        return data;
    }

    /// <summary>The &lt;Version&gt; of Directory.Build.props.</summary>
    private static string RepositoryVersion()
    {
        var props = XDocument.Load(Path.Combine(SharedFiles.RepoRoot, "Directory.Build.props"));
        return props.Descendants().FirstOrDefault(e => e.Name.LocalName == "Version")?.Value.Trim() is { Length: > 0 } version ? version : "0.1.0";
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A kernel still closing may hold a file for a moment; the temp folder is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }
}

/// <summary>The packed feed: its folder, the packages' version, and the fresh NUGET_PACKAGES folder.</summary>
public sealed record PackedFeed(string Directory, string Version, string PackagesFolder);

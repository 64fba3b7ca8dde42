namespace Distilabel.Testing;

/// <summary>
/// Paths into ../shared (read-only, never committed), or the folder named by <c>DISTILABEL_SHARED_DIR</c>. A test that
/// needs a file from it skips when it is absent, and fails in CI (see <see cref="RealParts"/>).
/// </summary>
public static class SharedFiles
{
    /// <summary>The repository root (the folder holding Distilabel.Notebooks.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder beside the repository, or null.</summary>
    public static string? SharedDirectory
    {
        get
        {
            var path = ExpectedDirectory;
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>Where the shared folder should be: <c>DISTILABEL_SHARED_DIR</c> when set (even to a folder that does not exist), else ../shared.</summary>
    public static string ExpectedDirectory =>
        Environment.GetEnvironmentVariable("DISTILABEL_SHARED_DIR") is { Length: > 0 } fromEnv
            ? Path.GetFullPath(fromEnv)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>The 1.2 MB llama model (meaningless as a judge, real as an engine), or null when absent.</summary>
    public static string? TinyModelPath
    {
        get
        {
            var path = SharedDirectory is { } dir ? Path.Combine(dir, "models", "stories260K.gguf") : null;
            return path is not null && File.Exists(path) ? path : null;
        }
    }

    /// <summary>What is missing for a test that needs the tiny model, or null when it is here.</summary>
    public static string? TinyModelMissing => TinyModelPath is null
        ? $"the tiny llama.cpp model {Path.Combine(ExpectedDirectory, "models", "stories260K.gguf")} is absent (the read-only shared folder beside the clone, or DISTILABEL_SHARED_DIR)"
        : null;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distilabel.Notebooks.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find the repository root (Distilabel.Notebooks.sln) above " + AppContext.BaseDirectory);
    }
}

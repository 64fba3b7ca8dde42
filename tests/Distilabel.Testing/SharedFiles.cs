namespace Distilabel.Testing;

/// <summary>Paths into ../shared (read-only, never committed). Tests that need a file skip when it is absent.</summary>
public static class SharedFiles
{
    /// <summary>The repository root (the folder holding Distilabel.Notebooks.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared folder beside the repository, or null.</summary>
    public static string? SharedDirectory
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("DISTILABEL_SHARED_DIR");
            if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
                return fromEnv;
            var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(beside) ? beside : null;
        }
    }

    /// <summary>The 1.2 MB llama model (meaningless as a judge, real as an engine), or null when absent.</summary>
    public static string? TinyModelPath
    {
        get
        {
            var path = SharedDirectory is { } dir ? Path.Combine(dir, "models", "stories260K.gguf") : null;
            return path is not null && File.Exists(path) ? path : null;
        }
    }

    /// <summary>Why a test that needs the tiny model is skipped.</summary>
    public const string TinyModelMissing = "../shared/models/stories260K.gguf is absent: skipping a test that needs a real llama.cpp model.";

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

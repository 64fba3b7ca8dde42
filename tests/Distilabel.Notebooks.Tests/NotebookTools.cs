using Distilabel.Testing;

namespace Distilabel.Notebooks.Tests;

/// <summary>
/// What executing a notebook needs, found the way .ci/run installs it:
/// <list type="bullet">
/// <item>Jupyter's nbconvert from Debian (<c>/usr/bin/jupyter</c>; a pyenv python on PATH may shadow it, so the path is explicit);</item>
/// <item>the <c>dotnet-interactive</c> tool: in <c>.ci-work/tools</c> of the checkout, on PATH, or in <c>~/.dotnet/tools</c>;</item>
/// <item>its Jupyter kernelspec (<c>.net-csharp</c>): under <c>JUPYTER_PATH</c> or <c>.ci-work/jupyter</c>; else the
/// tests install one into a temporary folder.</item>
/// </list>
/// When something is missing the tests skip with a message saying what to install; in CI they fail (<see cref="RealParts"/>).
/// </summary>
internal static class NotebookTools
{
    public const string Jupyter = "/usr/bin/jupyter";

    private const string Nbconvert = "/usr/bin/jupyter-nbconvert";

    public const string InstallHint =
        "install them as .ci/run does: apt-get install -y jupyter-nbconvert python3-nbclient python3-jupyter-client python3-ipykernel; "
        + "dotnet tool install --tool-path .ci-work/tools Microsoft.dotnet-interactive --version 1.0.712001";

    /// <summary>The folder holding the dotnet-interactive executable, or null.</summary>
    public static string? DotnetInteractiveDirectory { get; } = FindDotnetInteractive();

    /// <summary>A folder for JUPYTER_PATH that holds kernels/.net-csharp, or null (the tests then install one).</summary>
    public static string? JupyterDataDirectory { get; } = FindKernelspec();

    /// <summary>Why notebooks cannot be executed here, or null when they can.</summary>
    public static string? Missing
    {
        get
        {
            var missing = new List<string>();
            if (!File.Exists(Jupyter) || !File.Exists(Nbconvert))
                missing.Add($"Jupyter nbconvert ({Nbconvert})");
            if (DotnetInteractiveDirectory is null)
                missing.Add("the dotnet-interactive tool (not in .ci-work/tools, on PATH or in ~/.dotnet/tools)");
            return missing.Count == 0 ? null : $"{string.Join(" and ", missing)} missing: {InstallHint}";
        }
    }

    /// <summary>Fails (with what to install) when the tools are missing.</summary>
    public static void EnsureAvailable() => RealParts.Ensure(Missing);

    private static string? FindDotnetInteractive()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive";
        var candidates = new List<string> { Path.Combine(SharedFiles.RepoRoot, ".ci-work", "tools") };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        candidates.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, name)));
    }

    private static string? FindKernelspec()
    {
        var candidates = (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(SharedFiles.RepoRoot, ".ci-work", "jupyter"));
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "kernels", ".net-csharp", "kernel.json")));
    }
}

/// <summary>A fact that executes notebooks with a real Jupyter and the tiny llama.cpp model: skipped (saying what to
/// install) when one of them is missing, failed in CI.</summary>
public sealed class NotebookFactAttribute() : RealPartFactAttribute(NotebookTools.Missing is { } tools
    ? SharedFiles.TinyModelMissing is { } model ? $"{tools}; and {model}" : tools
    : SharedFiles.TinyModelMissing);

/// <summary>A fact that runs a file-based twin with the tiny llama.cpp model: skipped when the model is absent, failed in CI.</summary>
public sealed class TwinFactAttribute() : RealPartFactAttribute(SharedFiles.TinyModelMissing);

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using LLama.Native;

namespace Distilabel.LlamaCpp;

/// <summary>Process-wide llama.cpp settings.</summary>
internal static class LlamaCppNative
{
    private static int _configured;

    /// <summary>
    /// Keeps llama.cpp's load and timing chatter off stderr, and finds its native libraries when no build step
    /// copied them beside the program (a notebook kernel loads packages straight from the NuGet folder).
    /// Done once, before the first model loads.
    /// </summary>
    public static void Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) != 0)
            return;
        try
        {
            UseNativesFromPackageFolder();
            NativeLogConfig.llama_log_set(static (_, _) => { });
        }
        catch (Exception)
        {
            // Both are conveniences: never fail a model load over them; LLamaSharp's own search still runs.
        }
    }

    private static void UseNativesFromPackageFolder()
    {
        if (NativeLibraryConfig.LLama.LibraryHasLoaded || BesideTheProgram())
            return;
        // LLamaSharp sits in <packages>/llamasharp/<version>/lib/<tfm>/; the CPU backend in <packages>/llamasharp.backend.cpu/<version>/.
        var version = new FileInfo(typeof(NativeLibraryConfig).Assembly.Location).Directory?.Parent?.Parent;
        if (version?.Parent?.Parent is not { } packages)
            return;
        var natives = Path.Combine(packages.FullName, "llamasharp.backend.cpu", version.Name, "LLamaSharpRuntimes", RuntimeInformation.RuntimeIdentifier, "native");
        var variant = Avx512F.IsSupported ? "avx512" : Avx2.IsSupported ? "avx2" : Avx.IsSupported ? "avx" : "noavx";
        var folder = Directory.Exists(Path.Combine(natives, variant)) ? Path.Combine(natives, variant) : natives;
        var llama = Library(folder, "llama");
        if (File.Exists(llama))
            NativeLibraryConfig.All.WithLibrary(llama, Library(folder, "mtmd"));
    }

    private static bool BesideTheProgram()
    {
        var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
        return Directory.Exists(runtimes) && Directory.EnumerateFiles(runtimes, Path.GetFileName(Library("", "llama")), SearchOption.AllDirectories).Any();
    }

    private static string Library(string folder, string name)
        => Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".dll" : "lib" + name + (OperatingSystem.IsMacOS() ? ".dylib" : ".so"));
}

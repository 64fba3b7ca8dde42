namespace Distilabel.Orleans.Tests;

/// <summary>
/// The built command line in its own output folder: the test's folder has its assemblies but runs on the ASP.NET Core
/// shared framework (the loopback servers), which the tool does not name, so the tool runs from where it was built.
/// </summary>
internal static class CommandLine
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));   // …/bin/<Configuration>/net10.0
        var framework = bin.Name;
        var configuration = bin.Parent!.Name;
        var root = bin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Distilabel.Notebooks.sln")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException($"no Distilabel.Notebooks.sln above {AppContext.BaseDirectory}");
        var dll = Path.Combine(root.FullName, "src", "Distilabel.Cli", "bin", configuration, framework, "Distilabel.Cli.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"the command line is not built: {dll}");
    }
}

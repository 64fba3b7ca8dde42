using System.Runtime.CompilerServices;

namespace Distilabel.Interactive.Tests;

/// <summary>
/// Expected HTML kept as files in Baselines/. Set DISTILABEL_UPDATE_BASELINES=1 to rewrite them from the
/// current output (then review the diff).
/// </summary>
internal static class Baseline
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(FindProjectDirectory(callerFile), "Baselines");
        var path = Path.Combine(directory, name + ".html");
        if (Environment.GetEnvironmentVariable("DISTILABEL_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual + "\n");
            return;
        }

        Assert.True(File.Exists(path), $"Baseline {path} is missing: run the tests once with DISTILABEL_UPDATE_BASELINES=1 and review it.");
        var expected = File.ReadAllText(path).TrimEnd('\n');
        Assert.Equal(expected, actual);
    }

    private static string FindProjectDirectory(string callerFile)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(callerFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distilabel.Interactive.Tests.csproj")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find the test project directory above " + callerFile);
    }
}

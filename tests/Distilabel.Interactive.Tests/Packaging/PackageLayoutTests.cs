using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Distilabel.Interactive.Tests.Packaging;

/// <summary>
/// `#r "nuget: Distilabel.Interactive"` loads the extension only when the package has it in
/// interactive-extensions/dotnet; the #!llm-task cell needs the generator beside the library.
/// </summary>
public class PackageLayoutTests
{
    [Fact]
    public async Task Package_has_the_extension_the_library_and_the_generator()
    {
        var root = RepoRoot();
        var configuration = typeof(PackageLayoutTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var output = Directory.CreateTempSubdirectory("dlb-pack-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            foreach (var argument in new[] { "pack", Path.Combine(root, "src", "Distilabel.Interactive", "Distilabel.Interactive.csproj"), "--no-build", "--nologo", "-c", configuration, "-o", output.FullName })
                start.ArgumentList.Add(argument);
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(key);

            using (var process = Process.Start(start)!)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                await process.WaitForExitAsync(timeout.Token);
                Assert.True(process.ExitCode == 0, "dotnet pack failed:\n" + await stdout + await stderr);
            }

            var package = Assert.Single(output.GetFiles("Distilabel.Interactive.*.nupkg"));
            using var zip = ZipFile.OpenRead(package.FullName);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("interactive-extensions/dotnet/Distilabel.Interactive.dll", entries);
            Assert.Contains("lib/net10.0/Distilabel.Interactive.dll", entries);
            Assert.Contains("lib/net10.0/Distilabel.Generators.dll", entries);
            Assert.Contains("lib/net10.0/Distilabel.Compiler.dll", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("interactive-extensions/", StringComparison.Ordinal) && !e.EndsWith("/Distilabel.Interactive.dll", StringComparison.Ordinal));

            using var nuspec = zip.GetEntry("Distilabel.Interactive.nuspec")!.Open();
            var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();
            Assert.Equal(["Distilabel"], dependencies); // the notebook host brings .NET Interactive and Roslyn
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distilabel.Notebooks.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find Distilabel.Notebooks.sln above " + AppContext.BaseDirectory);
    }
}

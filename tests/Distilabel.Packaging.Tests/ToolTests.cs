using Distilabel.Testing;

namespace Distilabel.Packaging.Tests;

/// <summary>`distilabel` as a .NET tool: installed from the local feed with --tool-path, it helps and labels.</summary>
[Collection(PackagingCollection.Name)]
public sealed class ToolTests(PackedFeed feed)
{
    [RequiresTinyModelFact]
    public async Task The_installed_tool_shows_its_help_and_labels_with_the_tiny_model()
    {
        var manifest = feed.Nuspec("Distilabel.Cli").Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => (string?)e.Attribute("name"));
        Assert.Contains("DotnetTool", manifest);
        // The tool carries the engine: LLamaSharp and its native libraries are inside the package.
        Assert.Contains(feed.Entries("Distilabel.Cli"), e => e.EndsWith("/Distilabel.LlamaCpp.dll", StringComparison.Ordinal));
        Assert.Contains(feed.Entries("Distilabel.Cli"), e => e.Contains("/runtimes/linux-x64/native/", StringComparison.Ordinal) && e.Contains("llama", StringComparison.Ordinal));

        var work = Directory.CreateDirectory(Path.Combine(feed.Root, "tool-user")).FullName;
        feed.WriteNuGetConfig(work);
        var tools = Path.Combine(work, "tools");
        var install = await ProcessRunner.RunAsync(
            PackedFeed.Dotnet,
            ["tool", "install", "--tool-path", tools, "Distilabel.Cli", "--version", feed.Version, "--add-source", feed.Feed],
            work,
            feed.DotnetEnvironment,
            TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{ProcessRunner.Tail(install.All)}");
        var distilabel = Path.Combine(tools, OperatingSystem.IsWindows() ? "distilabel.exe" : "distilabel");

        var help = await ProcessRunner.RunAsync(distilabel, ["--help"], work, feed.DotnetEnvironment, TimeSpan.FromMinutes(1));
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("distilabel [command] [options]", help.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Distilabel.Cli", help.All, StringComparison.Ordinal);

        var output = Path.Combine(work, "labelled.jsonl");
        var label = await ProcessRunner.RunAsync(
            distilabel,
            ["label", "--task", "helpsteer", "--input", Path.Combine(SharedFiles.RepoRoot, "samples", "helpsteer-sample.jsonl"), "--limit", "2",
                "--output", output, "--llm", "llamacpp", "--model", SharedFiles.TinyModelPath!, "--threads", "1", "--max-new-tokens", "64"],
            work,
            feed.DotnetEnvironment,
            TimeSpan.FromMinutes(4));

        // 0: every row labelled; 1: a row carries an error (the tiny model may say nothing useful). Both ran the engine.
        Assert.True(label.ExitCode is 0 or 1, $"distilabel label failed (exit {label.ExitCode}):\n{ProcessRunner.Tail(label.All)}");
        var lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains("\"labelling_model\":", line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains("\"raw_labelling_response\":\"", line, StringComparison.Ordinal));
    }
}

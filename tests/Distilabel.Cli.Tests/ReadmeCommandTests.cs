using System.Text.RegularExpressions;
using Distilabel.Testing;

namespace Distilabel.Cli.Tests;

/// <summary>The README's main command, run exactly as written (with the built CLI instead of 'dotnet run --project').</summary>
public partial class ReadmeCommandTests
{
    private const string RunPrefix = "dotnet run --project src/Distilabel.Cli -- ";

    [GeneratedRegex(@"^dotnet run --project src/Distilabel\.Cli -- label .*--llm llamacpp.*$", RegexOptions.Multiline)]
    private static partial Regex MainCommand();

    [RequiresTinyModelFact]
    public async Task Main_command_labels_the_sample_and_exits_zero()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(SharedFiles.RepoRoot, "README.md"));
        var line = MainCommand().Match(readme);
        Assert.True(line.Success, "README.md must show the main command: dotnet run --project src/Distilabel.Cli -- label … --llm llamacpp …");
        var args = line.Value[RunPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var output = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}.jsonl");
        args[args.IndexOf("--output") + 1] = output;
        args.AddRange(["--limit", "3"]);
        try
        {
            var result = await CliRunner.RunAsync(args);

            Assert.True(result.ExitCode == 0, result.All);
            var lines = await File.ReadAllLinesAsync(output);
            Assert.Equal(3, lines.Length);
            Assert.All(lines, l => Assert.Contains("\"labelling_error\":null", l));
            Assert.Contains("Labelling summary", result.StdOut);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Readme_test_command_is_what_ci_runs()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(SharedFiles.RepoRoot, "README.md"));
        var ci = await File.ReadAllTextAsync(Path.Combine(SharedFiles.RepoRoot, ".ci", "run"));

        Assert.Contains("dotnet test Distilabel.Notebooks.sln", readme);
        Assert.Contains("\ndotnet test Distilabel.Notebooks.sln", ci);
    }
}

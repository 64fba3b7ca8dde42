using System.Diagnostics;
using System.Text;
using Distilabel.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Distilabel.Generators.Tests;

/// <summary>
/// The README promise, for real: a fresh console project outside the repository references src/Distilabel plus the
/// one documented analyzer line, declares its own task, builds warning-free under TreatWarningsAsErrors + Nullable,
/// and runs; a wrong declaration fails its build with the generator's diagnostic. About a minute (three projects
/// built from scratch into a private artifacts folder, so the repository's own bin/obj are never touched).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class EndToEndTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "distilabel-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    private const string Program = """
        using System.Text.Json;
        using Distilabel;

        var task = ReviewJudge.FromRow(new Dictionary<string, object?> { ["product"] = "Kettle", ["review_text"] = "Boils fast. Loud." });
        var rated = task.ParseOutput("Sure!\n<stars>4</stars>\n<usefulness>0</usefulness>\n<summary>Fast but loud.</summary>");
        Console.WriteLine($"stars={rated.Stars} usefulness={rated.Usefulness} summary={rated.Summary}");
        Console.WriteLine(JsonSerializer.Serialize(rated.ToRow()));
        Console.WriteLine($"task={ReviewJudge.Descriptor.Name} questions={string.Join(",", ReviewJudge.ArgillaSettings.Questions.Select(q => q.Name))}");
        Console.WriteLine($"suggestions={string.Join(",", rated.ToArgillaRecord().Suggestions.Select(s => s.QuestionName + ":" + s.Value))}");
        Console.WriteLine($"garbage={task.ParseOutput("no idea").Stars?.ToString() ?? "null"}");

        [LlmTask(SystemPrompt = "Rate the product review.")]
        public partial record ReviewJudge
        {
            [Input] public required string Product { get; init; }

            [Input(Name = "review_text")] public required string Review { get; init; }

            [Rating(1, 5)] public int? Stars { get; init; }

            [Rating(0, 4)] public int? Usefulness { get; init; }

            [Output] public string? Summary { get; init; }
        }
        """;

    [Fact]
    public void A_fresh_project_outside_the_repo_builds_runs_and_reports_mistakes()
    {
        var repo = RepoPaths.Root;
        Assert.False(
            Path.GetFullPath(_dir).StartsWith(Path.GetFullPath(repo).TrimEnd('/') + "/", StringComparison.Ordinal),
            "the consumer project must live outside the repository");
        Directory.CreateDirectory(_dir);
        // Nothing may leak in from a parent folder.
        File.WriteAllText(Path.Combine(_dir, "Directory.Build.props"), "<Project/>");
        File.WriteAllText(Path.Combine(_dir, "Directory.Build.targets"), "<Project/>");
        File.WriteAllText(Path.Combine(_dir, "Directory.Packages.props"), "<Project/>");
        File.WriteAllText(Path.Combine(_dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{repo}/src/Distilabel/Distilabel.csproj" />
                <ProjectReference Include="{repo}/generators/Distilabel.Generators/Distilabel.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "Program.cs"), Program);
        var artifacts = Path.Combine(_dir, "artifacts");
        string[] common = ["--nologo", "--disable-build-servers", "--artifacts-path", artifacts];

        var build = Dotnet(["build", "Consumer.csproj", "-p:TreatWarningsAsErrors=true", .. common]);
        Assert.True(build.ExitCode == 0, "build failed:\n" + build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);

        var run = Dotnet(["run", "--project", "Consumer.csproj", "--no-build", .. common]);
        Assert.True(run.ExitCode == 0, "run failed:\n" + run.Output);
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "stars=4 usefulness=0 summary=Fast but loud.",
                "{\"product\":\"Kettle\",\"review_text\":\"Boils fast. Loud.\",\"stars\":4,\"usefulness\":0,\"summary\":\"Fast but loud.\"}",
                "task=review_judge questions=stars,usefulness,summary",
                "suggestions=stars:4,usefulness:1,summary:Fast but loud.",
                "garbage=null",
            ],
            lines);

        File.WriteAllText(Path.Combine(_dir, "Program.cs"), Program.Replace("[Rating(1, 5)]", "[Rating(5, 1)]", StringComparison.Ordinal));
        var broken = Dotnet(["build", "Consumer.csproj", "-p:TreatWarningsAsErrors=true", .. common]);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error DLB0004", broken.Output, StringComparison.Ordinal);
        Assert.Contains("'Stars'", broken.Output, StringComparison.Ordinal);
        Assert.Contains("Program.cs(", broken.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dir))
                Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string Output);

    private ProcessResult Dotnet(string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The test host runs under `dotnet test`: its MSBuild variables must not steer the child build.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        var stdout = new StringBuilder();
        var all = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (all)
            {
                stdout.AppendLine(e.Data);
                all.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (all)
                all.AppendLine(e.Data);
        };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(9))) // a hang guard (per command) below the 20-minute blame-hang timeout, not a duration check
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} timed out:\n{all}");
        }

        process.WaitForExit(); // flush the asynchronous readers
        lock (all)
        {
            log.WriteLine($"dotnet {string.Join(' ', arguments)} -> {process.ExitCode} in {watch.Elapsed.TotalSeconds:0.0}s");
            return new ProcessResult(process.ExitCode, stdout.ToString(), all.ToString());
        }
    }

    private static string DotnetPath()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
            return host;
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}

using System.Diagnostics;
using Distilabel.Testing;

namespace Distilabel.Cli.Tests;

/// <summary>Runs the real CLI (the built Distilabel.Cli.dll) as a child process, as a user would.</summary>
public static class CliRunner
{
    /// <summary>The CLI assembly built beside the tests.</summary>
    public static string CliDll { get; } = Path.Combine(AppContext.BaseDirectory, "Distilabel.Cli.dll");

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + "\n" + StdErr;
    }

    /// <summary>Starts the CLI with <paramref name="args"/>; the caller owns the process.</summary>
    public static Process Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? SharedFiles.RepoRoot,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            info.Environment[key] = value;
        return Process.Start(info)!;
    }

    /// <summary>Runs the CLI to the end (or kills it after <paramref name="timeout"/>).</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the CLI did not finish within {timeout}: {await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}

using System.Diagnostics;
using System.Text;

namespace Distilabel.Testing;

/// <summary>Runs a child process to the end, capturing its output, with a clean environment for nested dotnet calls.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
    {
        public string All => StdOut + "\n" + StdErr;
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>. Variables set to null in
    /// <paramref name="environment"/> are removed. The MSBuild/VSTest variables that `dotnet test` sets are always
    /// removed, so a nested `dotnet` builds and restores as if started from a shell. Killed (whole tree) after
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys
                     .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                                 || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                                 || k.Equals("MSBuildExtensionsPath", StringComparison.OrdinalIgnoreCase)
                                 || k.Equals("MSBuildSDKsPath", StringComparison.OrdinalIgnoreCase))
                     .ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(key);
            else
                start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"`{fileName} {string.Join(' ', arguments)}` did not finish within {timeout.TotalSeconds:0} s.\n--- stdout ---\n{Tail(await stdout)}\n--- stderr ---\n{Tail(await stderr)}");
        }

        return new Result(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    /// <summary>The end of a long text, for failure messages.</summary>
    public static string Tail(string text, int max = 6000) => text.Length <= max ? text : "…" + text[^max..];
}

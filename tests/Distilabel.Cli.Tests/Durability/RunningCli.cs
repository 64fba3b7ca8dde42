using System.Diagnostics;
using System.Text;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// The CLI as a running child process that a test signals and watches: standard error is read line by line, so a
/// test can wait for what the CLI says (e.g. that it took a Ctrl-C) instead of sleeping.
/// </summary>
internal sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task _stderrPump;
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private RunningCli(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderrPump = PumpStandardErrorAsync();
    }

    public int Id => _process.Id;

    public static RunningCli Start(IEnumerable<string> args) => new(CliRunner.Start(args, Cli.Environment()));

    /// <summary>Ctrl-C, as a terminal sends it: SIGINT.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Completes when a line of standard error contains <paramref name="text"/>; fails if the CLI ends first.</summary>
    public async Task WaitForLineAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_stderr.ToString().Contains(text, StringComparison.Ordinal))
                return;
            _waiters.Add((text, seen));
        }

        var first = await Task.WhenAny(seen.Task, _stderrPump.WaitAsync(TimeSpan.FromMinutes(1)));
        if (first != seen.Task && !seen.Task.IsCompleted)
            Assert.Fail($"the CLI never said '{text}' (exited: {_process.HasExited}): {StandardError}");
    }

    /// <summary>Waits for the CLI to end (it is killed after a minute, failing the test).</summary>
    public async Task<CliRunner.Result> WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the CLI did not end within a minute: {StandardError}");
        }

        await _stderrPump;
        return new CliRunner.Result(_process.ExitCode, await _stdout, StandardError);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private string StandardError
    {
        get
        {
            lock (_lock)
                return _stderr.ToString();
        }
    }

    private async Task PumpStandardErrorAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _stderr.Append(line).Append('\n');
                foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
                {
                    waiter.Seen.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}

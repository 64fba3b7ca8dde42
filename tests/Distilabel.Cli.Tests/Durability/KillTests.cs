using System.Diagnostics;
using Xunit.Abstractions;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>The CLI killed (SIGKILL) at random moments, or interrupted (SIGINT) at chosen ones, then resumed.</summary>
[Collection(DurabilityCollection.Name)]
public class KillTests(ITestOutputHelper log)
{
    private const int Rows = 400;
    private const int Concurrency = 8;

    [PosixSignalsFact]
    public async Task Killed_at_random_moments_and_resumed_it_loses_only_requests_in_flight()
    {
        var folder = Cli.NewFolder("kill");
        try
        {
            // Latency varies by row so requests finish out of order.
            await using var server = await RowServer.StartAsync(latencyForRow: row => TimeSpan.FromMilliseconds(5 + row * 37 % 40));
            var input = RowServer.WriteInput(folder, Rows);

            var referenceOutput = Path.Combine(folder, "reference", "out.jsonl");
            var reference = await Cli.RunAsync(Cli.Label(server, input, referenceOutput, Concurrency));
            Assert.True(reference.ExitCode == 0, reference.All);
            var before = server.Requests;

            var output = Path.Combine(folder, "killed", "out.jsonl");
            var args = Cli.Label(server, input, output, Concurrency);
            var random = new Random(20240611);
            var kills = 0;
            var trials = new List<string>();
            while (kills < 12)
            {
                var start = server.Requests;
                var target = random.Next(3, 25);
                using var process = CliRunner.Start(args, Cli.Environment());
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                var clock = Stopwatch.StartNew();
                await server.WaitUntilAsync(s => s.Requests - start >= target, $"{target} requests of run {kills + 1}");
                // Jitter (seeded) so the kill lands at varied moments of a request's life; correctness never depends on it.
                await Task.Delay(random.Next(0, 15));
                if (process.HasExited)
                {
                    trials.Add($"run finished by itself (exit {process.ExitCode}) after {server.Requests - start} requests");
                    Assert.Fail($"the run ended before the kill: {await stderr}");
                }

                process.Kill();
                await process.WaitForExitAsync();
                Cli.AssertNoSecret(new CliRunner.Result(-9, await stdout, await stderr), folder);
                kills++;
                trials.Add($"kill {kills}: after {server.Requests - start} requests ({clock.ElapsedMilliseconds} ms)");
                Assert.False(File.Exists(output), "a killed run must not leave an output file");
            }

            var resumed = await Cli.RunAsync(args);
            Assert.True(resumed.ExitCode == 0, resumed.All);
            var spent = server.Requests - before;
            var extra = spent - Rows;
            trials.Add($"final run: exit 0; kill-and-resume sequence cost {spent} requests for {Rows} rows: {extra} extra for {kills} kills (bound {Concurrency * kills})");
            foreach (var trial in trials)
                log.WriteLine(trial);
            File.AppendAllText(Path.Combine(Path.GetTempPath(), "distilabel-kill-test.txt"), $"{DateTime.UtcNow:O} kills={kills} requests={spent} extra={extra} bound={Concurrency * kills}\n");

            var rows = RowServer.ReadOutput(output);
            Assert.Equal(Rows, rows.Count);
            var ids = rows.Select(r => r.GetProperty("id").GetInt32()).ToList();
            Assert.Equal(Enumerable.Range(0, Rows), ids);
            Assert.All(rows, r =>
            {
                Assert.Equal(RowServer.AnswerFor(r.GetProperty("id").GetInt32()), r.GetProperty("raw_labelling_response").GetString());
                Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("labelling_error").ValueKind);
            });
            Assert.Equal(await File.ReadAllBytesAsync(referenceOutput), await File.ReadAllBytesAsync(output));
            Assert.InRange(spent, Rows, Rows + Concurrency * kills);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, ".out.jsonl.tmp-*"));
            Cli.AssertNoSecret(resumed, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [PosixSignalsFact]
    public async Task A_first_ctrl_c_drains_and_keeps_every_paid_answer()
    {
        var folder = Cli.NewFolder("ctrlc1");
        try
        {
            // The server holds every answer until the test releases it: the Ctrl-C comes with exactly the window in flight.
            await using var server = await RowServer.StartAsync(held: true);
            var input = RowServer.WriteInput(folder, Rows);
            var output = Path.Combine(folder, "out.jsonl");
            var args = Cli.Label(server, input, output, Concurrency, "--no-cache");

            await using var run = RunningCli.Start(args);
            await server.WaitUntilAsync(s => s.Held == Concurrency, $"{Concurrency} requests in flight");
            await run.InterruptAsync();
            await run.WaitForLineAsync(FinishingInFlight);
            server.Release();
            var drained = await run.WaitForExitAsync();

            Assert.True(drained.ExitCode == 130, drained.All);
            Assert.Contains("was not written", drained.StdErr);
            Assert.Contains("run the same command again to resume", drained.StdErr);
            Assert.False(File.Exists(output));
            // Every request in flight was answered (none abandoned). Rows already read into the pipeline's window are
            // still asked; no row is read after the Ctrl-C (the window is 8 × concurrency, at least 16).
            Assert.Equal(0, server.Abandoned);
            Assert.InRange(server.Requests, Concurrency, Concurrency + Math.Max(16, 8 * Concurrency) + 1);
            Cli.AssertNoSecret(drained, folder);

            // The drained answers were journaled: the rerun asks only the other rows.
            var resumed = await Cli.RunAsync(args);
            Assert.True(resumed.ExitCode == 0, resumed.All);
            Assert.Equal(Rows, RowServer.ReadOutput(output).Count);
            Assert.Equal(Rows, server.Requests);
            Assert.All(server.RequestsByRow.Values, n => Assert.Equal(1, n));
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [PosixSignalsFact]
    public async Task A_second_ctrl_c_stops_at_once_leaving_requests_in_flight_unfinished()
    {
        var folder = Cli.NewFolder("ctrlc2");
        try
        {
            // The server never answers until released: only a run that does not wait for its requests can end.
            await using var server = await RowServer.StartAsync(held: true);
            var input = RowServer.WriteInput(folder, Rows);
            var output = Path.Combine(folder, "out.jsonl");
            var args = Cli.Label(server, input, output, Concurrency, "--no-cache");

            await using var run = RunningCli.Start(args);
            await server.WaitUntilAsync(s => s.Held == Concurrency, $"{Concurrency} requests in flight");
            await run.InterruptAsync();
            // The two signals cannot merge: the second is sent after the CLI said it took the first.
            await run.WaitForLineAsync(FinishingInFlight);
            await run.InterruptAsync();
            var stopped = await run.WaitForExitAsync();

            Assert.True(stopped.ExitCode == 130, stopped.All);
            Assert.Contains("Stopping now.", stopped.StdErr);
            Assert.Contains("was not written", stopped.StdErr);
            Assert.False(File.Exists(output));
            // It ended while the server still held every request: they were left unfinished, not waited for.
            await server.WaitUntilAsync(s => s.Abandoned == Concurrency, $"{Concurrency} abandoned requests");
            Assert.Equal(Concurrency, server.Requests);
            Cli.AssertNoSecret(stopped, folder);

            // What was in flight is lost, and only that: the rerun asks those rows again, and every other row once.
            server.Release();
            var resumed = await Cli.RunAsync(args);
            Assert.True(resumed.ExitCode == 0, resumed.All);
            Assert.Equal(Rows, RowServer.ReadOutput(output).Count);
            Assert.Equal(Rows + Concurrency, server.Requests);
            Assert.Equal(Concurrency, server.RequestsByRow.Values.Count(n => n == 2));
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    /// <summary>What the CLI says when it takes the first Ctrl-C.</summary>
    private const string FinishingInFlight = "Interrupted: finishing the requests in flight";
}

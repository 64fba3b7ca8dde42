using System.Diagnostics;
using Xunit.Abstractions;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>The CLI killed (SIGKILL) or interrupted (SIGINT) at random moments, then resumed.</summary>
[Collection(DurabilityCollection.Name)]
public class KillTests(ITestOutputHelper log)
{
    private const int Rows = 400;
    private const int Concurrency = 8;

    [Fact]
    public async Task Killed_at_random_moments_and_resumed_it_loses_only_requests_in_flight()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
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
                while (!process.HasExited && server.Requests - start < target && clock.Elapsed < TimeSpan.FromSeconds(30))
                    await Task.Delay(1);
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

    [Fact]
    public async Task A_first_ctrl_c_drains_and_keeps_every_paid_answer_a_second_stops_at_once()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        var folder = Cli.NewFolder("ctrlc");
        try
        {
            await using var server = await RowServer.StartAsync(latency: TimeSpan.FromMilliseconds(30));
            var input = RowServer.WriteInput(folder, 200);
            var output = Path.Combine(folder, "out.jsonl");
            var args = Cli.Label(server, input, output, Concurrency, "--no-cache");

            // One Ctrl-C: requests in flight finish and are journaled, nothing is lost.
            var drained = await InterruptAsync(server, args, signals: 1);
            Assert.Equal(130, drained.ExitCode);
            Assert.Contains("was not written", drained.StdErr);
            Assert.Contains("run the same command again to resume", drained.StdErr);
            Assert.False(File.Exists(output));
            Cli.AssertNoSecret(drained, folder);
            var afterDrain = server.Requests;

            // Two Ctrl-C: stops at once, losing at most the requests in flight.
            var stopped = await InterruptAsync(server, args, signals: 2);
            Assert.Equal(130, stopped.ExitCode);
            Assert.False(File.Exists(output));
            Cli.AssertNoSecret(stopped, folder);
            var afterStop = server.Requests;

            var resumed = await Cli.RunAsync(args);
            Assert.True(resumed.ExitCode == 0, resumed.All);
            Assert.Equal(200, RowServer.ReadOutput(output).Count);
            log.WriteLine($"drain: {afterDrain} requests; stop: {afterStop}; total {server.Requests} for 200 rows");
            Assert.InRange(server.Requests, 200, 200 + Concurrency);
            Assert.True(afterDrain < 200 && afterStop < 200, "the interruptions should come mid-run");
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    private static async Task<CliRunner.Result> InterruptAsync(RowServer server, List<string> args, int signals)
    {
        var start = server.Requests;
        using var process = CliRunner.Start(args, Cli.Environment());
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (server.Requests - start < 20 && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(2);
        for (var i = 0; i < signals; i++)
        {
            SendInterrupt(process.Id);
            await Task.Delay(5);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRunner.Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Ctrl-C, as a terminal sends it: SIGINT.</summary>
    private static void SendInterrupt(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}

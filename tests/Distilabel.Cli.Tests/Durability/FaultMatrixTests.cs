using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Distilabel.Testing.OpenAI;
using Xunit.Abstractions;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>Every fault an OpenAI-compatible server can throw at a run, at a 20% rate over 2,000 rows, through the real CLI.</summary>
[Collection(DurabilityCollection.Name)]
public class FaultMatrixTests(ITestOutputHelper log)
{
    private const int Rows = 2000;

    /// <summary>A fault, what it does on the wire, and the kind of error a row that keeps getting it ends with.</summary>
    private sealed record Fault(string Name, Func<ScriptedResponse> Response, string Kind, bool Retried);

    private static readonly Fault[] Faults =
    [
        new("429 with Retry-After", () => ScriptedResponse.Status(429, "slow down", retryAfter: "0.05"), "rate limited (429 Too Many Requests)", true),
        new("500", () => ScriptedResponse.Status(500), "server error (500 Internal Server Error)", true),
        new("502", () => ScriptedResponse.Status(502), "server error (502 Bad Gateway)", true),
        new("503", () => ScriptedResponse.Status(503), "server error (503 Service Unavailable)", true),
        new("connection reset mid-body", ScriptedResponse.ResetConnection, "the connection was reset before the answer was complete", true),
        new("slower than the timeout", () => ScriptedResponse.Hold(), TimeoutKind, true),
        new("truncated JSON", ScriptedResponse.TruncatedJson, "the server sent a malformed or truncated answer", true),
        new("empty choices", ScriptedResponse.EmptyChoices, "The server answered without any choice", false),
        new("finish_reason content_filter", ScriptedResponse.ContentFilter, "content filtered (finish_reason content_filter)", false),
        new("garbage body", ScriptedResponse.Garbage, "the server sent a malformed or truncated answer", true),
        new("garbage answer text", () => ScriptedResponse.Content("As an AI I cannot rate this."), "unparsable answer", false),
    ];

    /// <summary>
    /// Rows 2, 7, 12, … (20%) get a fault, its kind by row. Every other block of rows keeps a transient fault on every
    /// attempt (the row ends with its error); the others get it once (a retry labels the row). Faults that are not
    /// retried are sent on every attempt. The server decides every fault: a timeout is a request it holds until the
    /// client gives up, so no count depends on how loaded the machine is. Held rows cost a request timeout each, and
    /// the output keeps input order, so only the first <see cref="TimeoutBlocks"/> blocks hold a row (4 rows).
    /// </summary>
    private static (Fault Fault, bool Persistent)? FaultOf(int row)
    {
        if (row % 5 != 2)
            return null;
        var block = row / (5 * Faults.Length);
        var fault = Faults[row / 5 % Faults.Length];
        if (fault.Kind == TimeoutKind && block >= TimeoutBlocks)
            return null;
        return (fault, !fault.Retried || block % 2 == 1);
    }

    private const int TimeoutBlocks = 4;

    /// <summary>
    /// The client's request timeout: far above what a loopback answer takes on a loaded machine (so a request the
    /// server does not hold never times out), and the only clock a held request waits for.
    /// </summary>
    private const string RequestTimeout = "5";

    private const string TimeoutKind = "timed out after 5 s";

    [Fact]
    public async Task At_a_20_percent_fault_rate_no_row_is_lost_and_the_summary_counts_each_kind()
    {
        var folder = Cli.NewFolder("faults");
        try
        {
            await using var server = await RowServer.StartAsync(fault: (row, attempt) =>
                FaultOf(row) is { } f && (f.Persistent || attempt == 1) ? f.Fault.Response() : null);
            var input = RowServer.WriteInput(folder, Rows);
            var output = Path.Combine(folder, "out.jsonl");

            var clock = Stopwatch.StartNew();
            var summaryPath = Path.Combine(folder, "summary.json");
            var result = await Cli.RunAsync(Cli.Label(server, input, output, concurrency: 32, "--request-timeout", RequestTimeout, "--summary-json", summaryPath), TimeSpan.FromMinutes(5));
            log.WriteLine($"{Rows} rows, {server.Requests} requests, {clock.Elapsed.TotalSeconds:0.0} s, exit {result.ExitCode}");
            log.WriteLine(result.StdOut);
            log.WriteLine(result.StdErr);

            // Not everything was labelled: the exit code says so.
            Assert.Equal(1, result.ExitCode);

            var rows = RowServer.ReadOutput(output);
            Assert.Equal(Enumerable.Range(0, Rows), rows.Select(r => r.GetProperty("id").GetInt32()));

            // Each row is labelled with the server's answer, or carries exactly the error its fault calls for (and the
            // raw answer when there was one). Nothing else: no tolerance for a fault the server did not script.
            var expected = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var id = row.GetProperty("id").GetInt32();
                var error = row.GetProperty("labelling_error");
                var raw = row.GetProperty("raw_labelling_response");
                var fault = FaultOf(id);
                if (fault is not { Persistent: true })
                {
                    Assert.True(error.ValueKind == JsonValueKind.Null, $"row {id} ({fault?.Fault.Name ?? "no fault"}) ended with '{error}'");
                    Assert.Equal(RowServer.AnswerFor(id), raw.GetString());
                    Assert.Equal(id % 5, row.GetProperty("correctness").GetInt32());
                    continue;
                }

                var kind = fault.Value.Fault.Kind;
                expected[kind] = expected.GetValueOrDefault(kind) + 1;
                Assert.True(error.ValueKind == JsonValueKind.String && Kind(error.GetString()!) == kind, $"row {id} ({fault.Value.Fault.Name}) ended with '{error}'");
                Assert.Equal(JsonValueKind.Null, row.GetProperty("correctness").ValueKind);
                if (fault.Value.Fault.Name == "garbage answer text")
                    Assert.Equal("As an AI I cannot rate this.", raw.GetString());
                if (fault.Value.Fault.Name.Contains("content_filter", StringComparison.Ordinal))
                    Assert.Equal("", raw.GetString());
            }

            Assert.Equal(Faults.Select(f => f.Kind).ToHashSet(), expected.Keys.ToHashSet());

            // The summary counts each kind (on screen and as JSON), exactly as scripted.
            var failed = expected.Values.Sum();
            Assert.Matches($@"failed\s*│\s*{failed:N0}\s", result.StdOut);
            var flat = Regex.Replace(result.StdOut, @"[│\s]+", " ");
            foreach (var (kind, count) in expected)
                Assert.Contains($" {kind} {count:N0} ", flat);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
            var root = summary.RootElement;
            Assert.Equal(1, root.GetProperty("exit_code").GetInt32());
            Assert.Equal(Rows, root.GetProperty("rows").GetInt32());
            Assert.Equal(failed, root.GetProperty("failed").GetInt32());
            var byKind = root.GetProperty("failures_by_kind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), byKind.OrderBy(e => e.Key, StringComparer.Ordinal));

            // Every transient fault was retried: once for a fault that happens once, twice (3 attempts) for a persistent one.
            var retried = root.GetProperty("retries").GetProperty("by_kind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            var expectedRetries = Enumerable.Range(0, Rows).Select(FaultOf).OfType<(Fault Fault, bool Persistent)>().Where(f => f.Fault.Retried)
                .GroupBy(f => f.Fault.Kind).ToDictionary(g => g.Key, g => g.Sum(f => f.Persistent ? 2 : 1));
            log.WriteLine($"retries: {string.Join("; ", retried.Select(e => $"{e.Key}={e.Value}"))}");
            Assert.Equal(expectedRetries.OrderBy(e => e.Key, StringComparer.Ordinal), retried.OrderBy(e => e.Key, StringComparer.Ordinal));
            Assert.Equal(root.GetProperty("retries").GetProperty("total").GetInt32(), retried.Values.Sum());
            // One request per row, plus one per retry: nothing asked twice by accident.
            Assert.Equal(Rows + expectedRetries.Values.Sum(), server.Requests);

            Assert.Contains($"{failed} of {Rows} rows were not labelled", result.StdErr);
            Cli.AssertNoSecret(result, folder);
            Assert.Equal(11, Faults.Length);
            File.AppendAllText(Path.Combine(Path.GetTempPath(), "distilabel-fault-matrix.txt"),
                $"{DateTime.UtcNow:O} rows={Rows} requests={server.Requests} seconds={clock.Elapsed.TotalSeconds:0.0} failed={failed} " + string.Join("; ", byKind.Select(e => $"{e.Key}={e.Value}")) + " | retries: " + string.Join("; ", retried.Select(e => $"{e.Key}={e.Value}")) + "\n");
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [Fact]
    public async Task Transient_faults_that_pass_are_retried_and_the_exit_code_says_everything_was_labelled()
    {
        var folder = Cli.NewFolder("transient");
        try
        {
            // Each transient fault once, on the first attempt of its rows (the held row only in the first block).
            var transient = Faults.Where(f => f.Retried).ToArray();
            ScriptedResponse? FaultFor(int row, int attempt) =>
                row % 5 == 2 && attempt == 1 && transient[row / 5 % transient.Length] is var f && (f.Kind != TimeoutKind || row < 5 * transient.Length)
                    ? f.Response()
                    : null;
            await using var server = await RowServer.StartAsync(fault: FaultFor);
            var input = RowServer.WriteInput(folder, 400);
            var output = Path.Combine(folder, "out.jsonl");
            var summaryPath = Path.Combine(folder, "summary.json");
            var faulted = Enumerable.Range(0, 400).Count(row => FaultFor(row, 1) is not null);

            var result = await Cli.RunAsync(Cli.Label(server, input, output, concurrency: 32, "--request-timeout", RequestTimeout, "--max-attempts", "4", "--summary-json", summaryPath));

            Assert.True(result.ExitCode == 0, result.All);
            var rows = RowServer.ReadOutput(output);
            Assert.Equal(400, rows.Count);
            Assert.All(rows, r => Assert.Equal(RowServer.AnswerFor(r.GetProperty("id").GetInt32()), r.GetProperty("raw_labelling_response").GetString()));
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
            Assert.Equal(0, summary.RootElement.GetProperty("exit_code").GetInt32());
            Assert.Equal(faulted, summary.RootElement.GetProperty("retries").GetProperty("total").GetInt32());
            Assert.Equal(400 + faulted, server.Requests);
            Cli.AssertNoSecret(result, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    /// <summary>The kind of a row error as the summary counts it.</summary>
    private static string Kind(string error)
    {
        var text = Regex.Replace(Regex.Replace(error, @"^Gave up after \d+ attempts?: ", ""), @"\s+at https?://\S+", "");
        var cut = text.IndexOf(": ", StringComparison.Ordinal);
        return (cut > 0 ? text[..cut] : text).TrimEnd('.', ' ');
    }
}

using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// The API key (<see cref="Cli.Secret"/>, passed in an environment variable) never appears in standard output,
/// standard error, the output file, the journal, the response cache or the JSON summary, even when the server
/// echoes it back. Every other durability test checks the same on its own failure paths.
/// </summary>
[Collection(DurabilityCollection.Name)]
public class SecretsTests
{
    [Fact]
    public async Task A_rejected_key_that_the_server_echoes_back_is_never_shown()
    {
        var folder = Cli.NewFolder("secret-401");
        try
        {
            await using var server = await RowServer.StartAsync(requiredApiKey: "sk-other-KEY-9999");
            var input = RowServer.WriteInput(folder, 200);
            var result = await Cli.RunAsync(Cli.Label(server, input, Path.Combine(folder, "out.jsonl"), concurrency: 4, "--summary-json", Path.Combine(folder, "summary.json")));

            Assert.Equal(2, result.ExitCode);
            // It fails fast: a rejected key is never retried and stops the run at the first answers, whatever the rows.
            Assert.Equal(0, server.Requests);
            // At most one request per slot (concurrency 4) is ever asked. Our retry layer never repeats a 401
            // (RetryingChatClientTests); the HTTP stack may resend a request once when a pooled connection closes under it,
            // which a loaded machine has shown, so repeats are bounded by the rows asked rather than forbidden.
            var asked = server.AllRequests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Select(r => r.Body).Distinct().Count();
            var detail = string.Join("; ", server.AllRequests.Select(r => $"{r.Path} attempt {r.AttemptForBody}"));
            Assert.True(asked is >= 1 and <= 4, $"{asked} rows asked: {detail}");
            Assert.True(server.ChatRequests <= 2 * asked, $"{server.ChatRequests} chat requests for {asked} rows: {detail}");
            var line = Assert.Single(Cli.ErrorLines(result));
            Assert.Contains("rejected the API key (401)", line);
            Assert.Contains("DISTILABEL_TEST_KEY", line);
            Assert.False(File.Exists(Path.Combine(folder, "out.jsonl")));
            Cli.AssertNoSecret(result, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [Fact]
    public async Task Server_errors_that_quote_the_key_are_scrubbed_from_rows_journal_and_summary()
    {
        var folder = Cli.NewFolder("secret-echo");
        try
        {
            await using var server = await RowServer.StartAsync(fault: (row, _) => (row % 4) switch
            {
                1 => ScriptedResponse.Status(500, $"upstream failure for key {Cli.Secret}"),
                2 => ScriptedResponse.Status(400, $"Invalid request with Authorization: Bearer {Cli.Secret}"),
                3 => ScriptedResponse.Status(429, $"quota of {Cli.Secret} exhausted", retryAfter: "0.01"),
                _ => null,
            });
            var input = RowServer.WriteInput(folder, 40);
            var output = Path.Combine(folder, "out.jsonl");
            var summary = Path.Combine(folder, "summary.json");

            var result = await Cli.RunAsync(Cli.Label(server, input, output, extra: ["--summary-json", summary]));

            Assert.Equal(1, result.ExitCode);
            var rows = RowServer.ReadOutput(output);
            Assert.Equal(40, rows.Count);
            Assert.Contains(rows, r => r.GetProperty("labelling_error").GetString()?.Contains("upstream failure for key ***", StringComparison.Ordinal) == true);
            Cli.AssertNoSecret(result, folder);

            // Resumed from the journal: still nothing.
            var again = await Cli.RunAsync(Cli.Label(server, input, output, extra: ["--summary-json", summary]));
            Assert.Equal(1, again.ExitCode);
            Cli.AssertNoSecret(again, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [Fact]
    public async Task A_key_written_into_the_server_url_is_refused_without_repeating_it()
    {
        var folder = Cli.NewFolder("secret-url");
        try
        {
            var input = RowServer.WriteInput(folder, 3);
            var result = await Cli.RunAsync(Cli.Label($"http://user:{Cli.Secret}@127.0.0.1:9/v1", input, Path.Combine(folder, "out.jsonl")));

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("not in the server URL", Assert.Single(Cli.ErrorLines(result)));
            Cli.AssertNoSecret(result, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }
}

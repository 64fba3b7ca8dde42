namespace Distilabel.Cli.Tests.Durability;

[Collection(DurabilityCollection.Name)]
public class ResumeTests
{
    [Fact]
    public async Task A_finished_run_rerun_writes_the_same_output_without_a_request_and_says_where_the_journal_is()
    {
        var folder = Cli.NewFolder("rerun");
        try
        {
            await using var server = await RowServer.StartAsync();
            var input = RowServer.WriteInput(folder, 50);
            var output = Path.Combine(folder, "out.jsonl");

            var first = await Cli.RunAsync(Cli.Label(server, input, output));
            Assert.True(first.ExitCode == 0, first.All);
            var bytes = await File.ReadAllBytesAsync(output);
            Assert.Equal(50, server.Requests);
            Assert.True(File.Exists(Path.Combine(folder, ".distilabel", "out.jsonl.journal.db")));

            var second = await Cli.RunAsync(Cli.Label(server, input, output));
            Assert.True(second.ExitCode == 0, second.All);
            Assert.Equal(50, server.Requests);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(output));
            Assert.Contains("rows from the journal", second.StdOut);
            Assert.Matches(@"rows from the journal\s*│\s*50", second.StdOut);
            Assert.Contains("Resumed: 50 finished rows came from the journal", second.StdErr);
            Cli.AssertNoSecret(second, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [Fact]
    public async Task Resume_without_a_journal_stops_before_any_request_and_with_one_reuses_its_rows()
    {
        var folder = Cli.NewFolder("resume");
        try
        {
            await using var server = await RowServer.StartAsync();
            var input = RowServer.WriteInput(folder, 10);
            var output = Path.Combine(folder, "out.jsonl");

            var nothing = await Cli.RunAsync(Cli.Label(server, input, output, extra: ["--resume"]));
            Assert.True(nothing.ExitCode == 2, nothing.All);
            Assert.Contains("there is no journal to resume", nothing.StdErr);
            Assert.Contains("--resume", nothing.StdErr);
            Assert.Equal(0, server.Requests);
            Assert.False(File.Exists(output));

            Assert.Equal(0, (await Cli.RunAsync(Cli.Label(server, input, output))).ExitCode);
            var resumed = await Cli.RunAsync(Cli.Label(server, input, output, extra: ["--resume"]));
            Assert.True(resumed.ExitCode == 0, resumed.All);
            Assert.Equal(10, server.Requests);
            Assert.Contains("Resumed: 10 finished rows came from the journal", resumed.StdErr);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [Fact]
    public async Task A_changed_model_is_refused_until_fresh_and_the_cache_answers_a_fresh_rerun()
    {
        var folder = Cli.NewFolder("changed");
        try
        {
            await using var server = await RowServer.StartAsync();
            var input = RowServer.WriteInput(folder, 20);
            var output = Path.Combine(folder, "out.jsonl");
            Assert.Equal(0, (await Cli.RunAsync(Cli.Label(server, input, output))).ExitCode);

            var changed = Cli.Label(server, input, output, extra: ["--temperature", "0.5"]);
            var refused = await Cli.RunAsync(changed);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("was made with a different prompt/model/options", refused.StdErr);
            Assert.Contains("temperature '0' → '0.5'", refused.StdErr);
            Assert.Contains("--fresh", refused.StdErr);
            Assert.Equal(20, server.Requests);

            var fresh = await Cli.RunAsync([.. changed, "--fresh"]);
            Assert.Equal(0, fresh.ExitCode);
            Assert.Equal(40, server.Requests);

            // Same options as the journal, but started over: the response cache pays for it.
            var again = await Cli.RunAsync([.. changed, "--fresh"]);
            Assert.Equal(0, again.ExitCode);
            Assert.Equal(40, server.Requests);
            Assert.Matches(@"cache hits / misses\s*│\s*20 / 0", again.StdOut);

            var uncached = await Cli.RunAsync([.. changed, "--fresh", "--no-cache"]);
            Assert.Equal(0, uncached.ExitCode);
            Assert.Equal(60, server.Requests);
            Cli.AssertNoSecret(refused, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }

    [Fact]
    public async Task Retry_failed_asks_only_the_failed_rows_again()
    {
        var folder = Cli.NewFolder("retry");
        try
        {
            var broken = true;
            await using var server = await RowServer.StartAsync(fault: (row, _) => broken && row % 10 == 4 ? Distilabel.Testing.OpenAI.ScriptedResponse.Content("no idea") : null);
            var input = RowServer.WriteInput(folder, 40);
            var output = Path.Combine(folder, "out.jsonl");

            var first = await Cli.RunAsync(Cli.Label(server, input, output));
            Assert.Equal(1, first.ExitCode);
            Assert.Contains("4 of 40 rows were not labelled", first.StdErr);
            Assert.Contains("--retry-failed", first.StdErr);

            var plain = await Cli.RunAsync(Cli.Label(server, input, output));
            Assert.Equal(1, plain.ExitCode);
            Assert.Equal(40, server.Requests);

            broken = false;
            var retried = await Cli.RunAsync(Cli.Label(server, input, output, extra: "--retry-failed"));
            Assert.True(retried.ExitCode == 0, retried.All);
            Assert.Equal(44, server.Requests);
            Assert.All(new[] { 4, 14, 24, 34 }, row => Assert.Equal(2, server.RequestsByRow[row]));
            var rows = RowServer.ReadOutput(output);
            Assert.All(rows, r => Assert.Equal(RowServer.AnswerFor(r.GetProperty("id").GetInt32()), r.GetProperty("raw_labelling_response").GetString()));
            Cli.AssertNoSecret(retried, folder);
        }
        finally
        {
            Cli.Delete(folder);
        }
    }
}

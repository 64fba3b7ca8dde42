using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Tasks;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Journal;

/// <summary>Rows made durable together: before they leave their step, never one transaction each by necessity.</summary>
[Collection(JournalCollection.Name)]
public class GroupCommitTests
{
    private static IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Rows(int count)
        => Enumerable.Range(0, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"question {i}", ["response"] = $"answer {i}" }).ToAsyncEnumerable();

    [Fact]
    public async Task Rows_that_finish_while_an_earlier_row_waits_share_its_transaction_and_every_row_is_durable_when_yielded()
    {
        using var folder = new TempFolder();
        // Row i answers after i % 4 ms: rows overtake the row ahead of them, and wait in the reorder window.
        var client = new UserMessageChatClient(async (user, ct) =>
        {
            var i = int.Parse(user.Split("question ")[1].Split('<')[0]);
            await Task.Delay(i % 4, ct);
            return "<correctness>3</correctness><coherence>4</coherence><complexity>1</complexity><verbosity>2</verbosity><helpfulness>3</helpfulness>";
        });
        var pipeline = LabellingPipeline.For<HelpSteer>(client, new PipelineOptions { Concurrency = 16 });
        using var journal = RunJournal.Open(folder.File("j.db"), pipeline.RunKey);

        var yielded = 0L;
        await foreach (var row in pipeline.RunAsync(Rows(300), journal: journal))
        {
            // Durable before it counts as done: every row yielded so far is committed.
            Assert.True(journal.Recorded > row.Index, $"row {row.Index} was yielded before it was durable");
            yielded++;
        }

        Assert.Equal(300, yielded);
        Assert.Equal(300, journal.Recorded);
        Assert.InRange(journal.Commits, 1, 299);
    }

    [Fact]
    public void A_deferred_row_is_committed_when_awaited_or_when_the_journal_closes()
    {
        using var folder = new TempFolder();
        var key = new RunKey(new Dictionary<string, string> { ["task"] = "t" });
        var fingerprint = new byte[16];
        using (var journal = RunJournal.Open(folder.File("j.db"), key))
        {
            var first = journal.Defer(new JournaledRow(0, fingerprint, [new("out", 1)], null, "raw 0", 1, 1) { Step = "s" });
            journal.Defer(new JournaledRow(1, fingerprint, [new("out", 2)], null, "raw 1", 1, 1) { Step = "s" });
            Assert.Equal(0, journal.Recorded);

            Assert.True(first().IsCompletedSuccessfully);
            Assert.Equal(2, journal.Recorded);
            Assert.Equal(1, journal.Commits);

            journal.Defer(new JournaledRow(2, fingerprint, [new("out", 3)], null, "raw 2", 1, 1) { Step = "s" });
        }

        using var again = RunJournal.Open(folder.File("j.db"), key);
        Assert.Equal(3, again.RowsAtOpen);
        Assert.Equal(3, again.Find("s", 2, fingerprint)?.Columns.Single().Value);
    }
}

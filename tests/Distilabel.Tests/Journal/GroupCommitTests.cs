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
    public async Task A_deferred_row_is_committed_when_awaited_or_when_the_journal_closes()
    {
        using var folder = new TempFolder();
        var key = new RunKey(new Dictionary<string, string> { ["task"] = "t" });
        var fingerprint = new byte[16];
        using (var journal = RunJournal.Open(folder.File("j.db"), key))
        {
            var first = journal.Defer(new JournaledRow(0, fingerprint, [new("out", 1)], null, "raw 0", 1, 1) { Step = "s" });
            journal.Defer(new JournaledRow(1, fingerprint, [new("out", 2)], null, "raw 1", 1, 1) { Step = "s" });
            await Task.Delay(50);
            Assert.Equal(0, journal.Recorded);

            await first();
            Assert.Equal(2, journal.Recorded);
            Assert.Equal(1, journal.Commits);

            journal.Defer(new JournaledRow(2, fingerprint, [new("out", 3)], null, "raw 2", 1, 1) { Step = "s" });
        }

        using var again = RunJournal.Open(folder.File("j.db"), key);
        Assert.Equal(3, again.RowsAtOpen);
        Assert.Equal(3, again.Find("s", 2, fingerprint)?.Columns.Single().Value);
    }

    [Fact]
    public async Task A_patient_wait_commits_after_the_delay_when_too_few_rows_gather()
    {
        using var folder = new TempFolder();
        var delay = TimeSpan.FromMilliseconds(100);
        using var journal = RunJournal.Open(folder.File("j.db"), Key, new RunJournalOptions { GroupCommitDelay = delay });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await journal.Defer(Row(0))(gather: 3);
        Assert.True(clock.Elapsed >= delay * 0.9, $"committed after {clock.Elapsed.TotalMilliseconds} ms, before the delay");
        Assert.Equal((1, 1), (journal.Recorded, journal.Commits));
    }

    [Fact]
    public async Task A_patient_wait_commits_the_rows_it_waited_for_in_one_transaction_and_an_impatient_one_at_once()
    {
        using var folder = new TempFolder();
        using var journal = RunJournal.Open(folder.File("j.db"), Key, new RunJournalOptions { GroupCommitDelay = TimeSpan.FromMinutes(5) });

        // Waiting for 3 rows: the third row queued commits all three.
        var first = journal.Defer(Row(0))(gather: 3);
        journal.Defer(Row(1));
        journal.Defer(Row(2));
        await first.AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal((3, 1), (journal.Recorded, journal.Commits));

        // Waiting for nothing: committed at once, with what is queued.
        journal.Defer(Row(3));
        await journal.Defer(Row(4))().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal((5, 2), (journal.Recorded, journal.Commits));

        // A patient wait for rows already queued does not wait either.
        journal.Defer(Row(5));
        await journal.Defer(Row(6))(gather: 2).AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal((7, 3), (journal.Recorded, journal.Commits));
    }

    [Fact]
    public async Task No_delay_commits_a_patient_row_at_once_and_a_delay_out_of_range_is_refused_by_name()
    {
        using var folder = new TempFolder();
        using (var journal = RunJournal.Open(folder.File("j.db"), Key, new RunJournalOptions { GroupCommitDelay = TimeSpan.Zero }))
        {
            await journal.Defer(Row(0))(gather: 100).AsTask().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal((1, 1), (journal.Recorded, journal.Commits));
        }

        foreach (var delay in new[] { TimeSpan.FromMilliseconds(-1), TimeSpan.FromDays(2) })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => RunJournal.Open(folder.File("k.db"), Key, new RunJournalOptions { GroupCommitDelay = delay }));
            Assert.Contains("GroupCommitDelay", error.Message);
        }
    }

    private static RunKey Key => new(new Dictionary<string, string> { ["task"] = "t" });

    private static JournaledRow Row(long i) => new(i, new byte[16], [new("out", i)], null, $"raw {i}", 1, 1) { Step = "s" };
}

using Distilabel.Pipeline;
using System.Diagnostics;
using Distilabel.Pipeline.Journal;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Distilabel.Tests.Journal;

[Collection(JournalCollection.Name)]
public class RunJournalTests(ITestOutputHelper output)
{
    private static readonly RunKey Key = new(new Dictionary<string, string> { ["task"] = "helpsteer", ["prompt"] = "abc", ["model"] = "m1", ["temperature"] = "0" });

    private static JournaledRow Entry(long index, string? error = null) => new(
        index,
        RowFingerprint.Compute(new Dictionary<string, object?> { ["id"] = index }),
        [new("correctness", (int)(index % 5)), new("labelling_model", "m1"), new("raw_labelling_response", $"raw {index}"), new("labelling_error", error)],
        error is null ? null : new RowError(RowErrorKind.Request, error, error),
        $"raw {index}",
        10,
        5);

    private static byte[] Fingerprint(long index) => RowFingerprint.Compute(new Dictionary<string, object?> { ["id"] = index });

    [Fact]
    public void Rows_survive_closing_and_reopening()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using (var journal = RunJournal.Open(path, Key))
        {
            Assert.True(journal.Created);
            for (var i = 0; i < 10; i++)
                journal.Record(Entry(i, i == 3 ? "unparsable answer: no valid value for any output" : null));
        }

        using var reopened = RunJournal.Open(path, Key);
        Assert.False(reopened.Created);
        Assert.Equal(10, reopened.RowsAtOpen);
        Assert.Equal(1, reopened.FailedRowsAtOpen);
        var row = reopened.Find(7, Fingerprint(7));
        Assert.NotNull(row);
        Assert.Equal(2, row.Columns[0].Value);
        Assert.Equal("raw 7", row.RawAnswer);
        Assert.Equal((10L, 5L), (row.InputTokens, row.OutputTokens));
        Assert.NotNull(reopened.Find(3, Fingerprint(3))!.Error);
        Assert.Null(reopened.Find(10, Fingerprint(10)));
        Assert.Equal(2, reopened.Reused);
    }

    [Fact]
    public void A_changed_input_row_is_not_reused()
    {
        using var folder = new TempFolder();
        using var journal = RunJournal.Open(folder.File("j.db"), Key);
        journal.Record(Entry(0));

        Assert.Null(journal.Find(0, Fingerprint(99)));
        Assert.Equal(1, journal.InputChanged);
    }

    [Fact]
    public void Retry_failed_reuses_labelled_rows_only()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using (var journal = RunJournal.Open(path, Key))
        {
            journal.Record(Entry(0));
            journal.Record(Entry(1, "rate limited (429 Too Many Requests)"));
        }

        using var retry = RunJournal.Open(path, Key, new RunJournalOptions { RetryFailed = true });
        Assert.NotNull(retry.Find(0, Fingerprint(0)));
        Assert.Null(retry.Find(1, Fingerprint(1)));
        Assert.Equal(1, retry.RetriedFailed);
        retry.Record(Entry(1));
        Assert.Null(retry.Find(1, Fingerprint(1))!.Error);
    }

    [Fact]
    public void A_row_asked_again_replaces_its_earlier_entry_for_good()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using (var journal = RunJournal.Open(path, Key))
        {
            journal.Record(Entry(0));
            journal.Record(Entry(1, "boom"));
            journal.Record(Entry(1));
        }

        using var reopened = RunJournal.Open(path, Key, new RunJournalOptions { RetryFailed = true });
        Assert.Equal((2L, 0L), (reopened.RowsAtOpen, reopened.FailedRowsAtOpen));
        Assert.Null(reopened.Find(1, Fingerprint(1))!.Error);
        Assert.Equal([0L, 1L], reopened.ReadAll().Select(r => r.Index));
        Assert.Null(reopened.ReadAll()[1].Error);
    }

    [Fact]
    public async Task Rows_of_several_steps_committed_together_come_back_each_under_its_step()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using (var journal = RunJournal.Open(path, Key))
        {
            MakeDurable? durable = null;
            for (var i = 0; i < 10; i++)
            {
                journal.Defer(Entry(i) with { Step = "generate" });
                durable = journal.Defer(Entry(9 - i, i % 3 == 0 ? "boom" : null) with { Step = "judge" });
            }

            await durable!();
            Assert.Equal(1, journal.Commits);
        }

        using var reopened = RunJournal.Open(path, Key);
        Assert.Equal((20L, 4L), (reopened.RowsAtOpen, reopened.FailedRowsAtOpen));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"raw {i}", reopened.Find("generate", i, Fingerprint(i))?.RawAnswer);
            Assert.Equal((9 - i) % 3 == 0, reopened.Find("judge", i, Fingerprint(i))?.Error is not null);
        }

        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => ("generate", (long)i)).Concat(Enumerable.Range(0, 10).Select(i => ("judge", (long)i))),
            reopened.ReadAll().Select(r => (r.Step, r.Index)));
    }

    [Fact]
    public void A_damaged_chunk_directory_hides_only_its_own_rows()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using (var journal = RunJournal.Open(path, Key))
        {
            for (var i = 0; i < 3; i++)
                journal.Record(Entry(i));
        }

        using (var sqlite = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            sqlite.Open();
            using var damage = sqlite.CreateCommand();
            damage.CommandText = "UPDATE chunks SET rows = zeroblob(length(rows)) WHERE id = (SELECT MIN(id) + 1 FROM chunks)";
            damage.ExecuteNonQuery();
        }

        using var reopened = RunJournal.Open(path, Key);
        Assert.Equal(2, reopened.RowsAtOpen);
        Assert.NotNull(reopened.Find(0, Fingerprint(0)));
        Assert.Null(reopened.Find(1, Fingerprint(1)));
        Assert.NotNull(reopened.Find(2, Fingerprint(2)));

        // The row asked again is journaled anew and found from then on.
        reopened.Record(Entry(1));
        Assert.Equal("raw 1", reopened.Find(1, Fingerprint(1))?.RawAnswer);
    }

    [Fact]
    public void Another_prompt_or_model_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using (var journal = RunJournal.Open(path, Key))
            journal.Record(Entry(0));

        var other = new RunKey(new Dictionary<string, string> { ["task"] = "helpsteer", ["prompt"] = "changed", ["model"] = "m2", ["temperature"] = "0" });
        var error = Assert.Throws<RunJournalMismatchException>(() => RunJournal.Open(path, other));

        Assert.Contains($"the journal at {path} was made with a different prompt/model/options", error.Message);
        Assert.Contains("model 'm1' → 'm2'", error.Message);
        Assert.Contains("prompt 'abc' → 'changed'", error.Message);
        Assert.Equal(RunJournalProblem.Mismatch, error.Problem);
        Assert.True(error.CanStartOver);
        Assert.DoesNotContain("--", error.Message);

        using var fresh = RunJournal.Open(path, other, new RunJournalOptions { Fresh = true });
        Assert.True(fresh.Created);
        Assert.Equal(0, fresh.RowsAtOpen);
    }

    [Fact]
    public void A_second_run_on_the_same_journal_is_refused_while_the_first_holds_it()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using var first = RunJournal.Open(path, Key);
        first.Record(Entry(0));

        var error = Assert.Throws<RunJournalException>(() => RunJournal.Open(path, Key));
        Assert.Contains("in use by another run", error.Message);
        Assert.Equal(RunJournalProblem.InUse, error.Problem);
        var fresh = Assert.Throws<RunJournalException>(() => RunJournal.Open(path, Key, new RunJournalOptions { Fresh = true }));
        Assert.Contains("in use by another run", fresh.Message);
        Assert.NotNull(first.Find(0, Fingerprint(0)));
    }

    [Fact]
    public void A_file_that_is_not_a_journal_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        var path = folder.File("notes.txt");
        File.WriteAllText(path, new string('x', 5000));

        var error = Assert.Throws<RunJournalException>(() => RunJournal.Open(path, Key));
        Assert.Contains("not a run journal", error.Message);
        Assert.Equal(RunJournalProblem.Damaged, error.Problem);
        Assert.True(error.CanStartOver);
        Assert.Equal(new string('x', 5000), File.ReadAllText(path));
    }

    [Fact]
    public void A_damaged_entry_is_detected_and_asked_again()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        using (var journal = RunJournal.Open(path, Key))
        {
            journal.Record(Entry(0));
            journal.Record(Entry(1));
        }

        using (var sqlite = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            sqlite.Open();
            using var damage = sqlite.CreateCommand();
            // Each Record is a commit of its own: row 1 is alone in the second chunk.
            damage.CommandText = "UPDATE chunks SET body = zeroblob(length(body)) WHERE id = (SELECT MAX(id) FROM chunks)";
            damage.ExecuteNonQuery();
        }

        using var reopened = RunJournal.Open(path, Key);
        Assert.NotNull(reopened.Find(0, Fingerprint(0)));
        Assert.Null(reopened.Find(1, Fingerprint(1)));
        Assert.Equal(1, reopened.Damaged);
    }

    [Theory]
    [InlineData("distilabel-run-journal/2")]
    [InlineData("distilabel-run-journal/3")]
    [InlineData("distilabel-run-journal/4")]
    public void A_journal_of_a_previous_format_is_refused_with_a_clear_message(string oldFormat)
    {
        using var folder = new TempFolder();
        var path = folder.File("old.db");
        using (var sqlite = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            sqlite.Open();
            using var create = sqlite.CreateCommand();
            create.CommandText = """
                CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE rows (step TEXT NOT NULL, idx INTEGER NOT NULL, input_fp BLOB NOT NULL, columns BLOB NOT NULL, PRIMARY KEY (step, idx));
                INSERT INTO meta (name, value) VALUES ('format', $format);
                """;
            create.Parameters.AddWithValue("$format", oldFormat);
            create.ExecuteNonQuery();
        }

        var error = Assert.Throws<RunJournalException>(() => RunJournal.Open(path, Key));
        Assert.Contains(oldFormat, error.Message, StringComparison.Ordinal);
        Assert.Contains(RunJournal.Format, error.Message, StringComparison.Ordinal);
        Assert.Equal(RunJournalProblem.OtherVersion, error.Problem);
        Assert.DoesNotContain('\n', error.Message);

        // --fresh starts over with the current format.
        using var fresh = RunJournal.Open(path, Key, new RunJournalOptions { Fresh = true });
        Assert.True(fresh.Created);
    }

    [Fact]
    public void Rows_recorded_from_many_threads_at_once_are_each_durable_when_Record_returns()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        const int rows = 2_000;
        using (var journal = RunJournal.Open(path, Key))
        {
            Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
            {
                journal.Record(Entry(i, i % 7 == 0 ? "boom" : null));

                // Group commit: once Record returns the row is found (it was committed, maybe with others).
                Assert.NotNull(journal.Find(i, Fingerprint(i)));
            });
            Assert.Equal(rows, journal.Recorded);
        }

        using var reopened = RunJournal.Open(path, Key);
        Assert.Equal(rows, reopened.RowsAtOpen);
        Assert.Equal(Enumerable.Range(0, rows).Count(i => i % 7 == 0), reopened.FailedRowsAtOpen);
        var all = reopened.ReadAll();
        for (var i = 0; i < rows; i++)
        {
            var expected = Entry(i, i % 7 == 0 ? "boom" : null);
            var row = all[i];
            Assert.Equal(i, row.Index);
            Assert.Equal(expected.Columns, row.Columns);
            Assert.Equal(expected.RawAnswer, row.RawAnswer);
            Assert.Equal(expected.Error, row.Error);
            Assert.Equal(expected.InputFingerprint, row.InputFingerprint);
            Assert.Equal((10L, 5L), (row.InputTokens, row.OutputTokens));
        }
    }

    [Theory]
    [InlineData(true, 60)]
    [InlineData(false, 260)]
    public async Task A_helpsteer_row_takes_little_journal(bool asAStepDoes, double maxBytesPerRow)
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        const int rows = 20_000;
        using (var journal = RunJournal.Open(path, Key))
        {
            if (asAStepDoes)
            {
                // As an LLM step journals its rows: queued as they finish, made durable half a window (256 rows) at a time.
                MakeDurable? durable = null;
                for (var i = 0; i < rows; i++)
                {
                    durable = journal.Defer(HelpSteerRow(i));
                    if (i % 256 == 255)
                        await durable(256);
                }

                await durable!();
            }
            else
            {
                // The worst case: every row its own commit, from 8 threads at once.
                Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => journal.Record(HelpSteerRow(i)));
            }
        }

        var bytesPerRow = new FileInfo(path).Length / (double)rows;
        output.WriteLine($"{bytesPerRow:0.0} bytes per row");
        Assert.True(bytesPerRow <= maxBytesPerRow, $"{bytesPerRow:0.0} bytes per row");

        using var reopened = RunJournal.Open(path, Key);
        Assert.Equal(rows, reopened.RowsAtOpen);
        Assert.Equal(HelpSteerRow(12_345).RawAnswer, reopened.Find(12_345, HelpSteerRow(12_345).InputFingerprint)?.RawAnswer);
    }

    private static JournaledRow HelpSteerRow(int i)
    {
        int Rating(int salt) => (i * 31 + salt * 7) % 5;
        var raw = $"<correctness>{Rating(1)}</correctness>\n<coherence>{Rating(2)}</coherence>\n<complexity>{Rating(3)}</complexity>\n<verbosity>{Rating(4)}</verbosity>\n<helpfulness>{Rating(5)}</helpfulness>";
        return new JournaledRow(
            i,
            RowFingerprint.Compute(new Dictionary<string, object?> { ["id"] = (long)i, ["prompt"] = $"Question {i}", ["response"] = $"Answer {i}" }),
            [new("correctness", Rating(1)), new("coherence", Rating(2)), new("complexity", Rating(3)), new("verbosity", Rating(4)), new("helpfulness", Rating(5)),
             new("labelling_model", "Qwen/Qwen2.5-7B-Instruct"), new("raw_labelling_response", raw), new("labelling_error", null)],
            null,
            raw,
            420,
            43);
    }

    [Fact]
    public void A_torn_last_write_is_ignored_never_fatal()
    {
        using var folder = new TempFolder();
        var path = folder.File("j.db");
        var snapshot = folder.File("snapshot");
        Directory.CreateDirectory(snapshot);
        const int written = 40;

        // Copy the journal and its write-ahead log while the run still holds it (as a kill would leave them).
        using (var journal = RunJournal.Open(path, Key))
        {
            for (var i = 0; i < written; i++)
                journal.Record(Entry(i));
            File.Copy(path, Path.Combine(snapshot, "j.db"));
            File.Copy(path + "-wal", Path.Combine(snapshot, "j.db-wal"));
        }

        var wal = File.ReadAllBytes(Path.Combine(snapshot, "j.db-wal"));
        Assert.True(wal.Length > 4096, "the rows should still be in the write-ahead log");
        var random = new Random(3);
        var cuts = Enumerable.Range(0, 25).Select(_ => random.Next(0, wal.Length)).Append(wal.Length - 1).Append(32).ToList();
        var previous = -1L;
        foreach (var cut in cuts.Order())
        {
            var trial = folder.File($"trial-{cut}");
            Directory.CreateDirectory(trial);
            File.Copy(Path.Combine(snapshot, "j.db"), Path.Combine(trial, "j.db"));
            File.WriteAllBytes(Path.Combine(trial, "j.db-wal"), wal.AsSpan(0, cut).ToArray());

            using var recovered = RunJournal.Open(Path.Combine(trial, "j.db"), Key);
            var rows = recovered.ReadAll();
            Assert.InRange(rows.Count, 0, written);
            Assert.True(rows.Count >= previous, "a longer log never recovers fewer rows");
            previous = rows.Count;
            Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Index));
            Assert.All(rows, r => Assert.Equal($"raw {r.Index}", r.RawAnswer));

            // The recovered journal is usable: the lost rows are recorded again.
            for (var i = rows.Count; i < written; i++)
                recovered.Record(Entry(i));
            Assert.Equal(written, recovered.ReadAll().Count);
        }

        output.WriteLine($"write-ahead log of {written} rows: {wal.Length} bytes; {cuts.Count} torn copies recovered");
    }

    [Fact]
    public void Overhead_per_row_is_small()
    {
        using var folder = new TempFolder();
        const int rows = 2000;
        var entries = Enumerable.Range(0, rows).Select(i => Entry(i)).ToArray();
        var inputs = Enumerable.Range(0, rows).Select(i => new Dictionary<string, object?>
        {
            ["prompt"] = new string('p', 400) + i, ["response"] = new string('r', 800), ["id"] = (long)i,
        }).ToArray();

        using var journal = RunJournal.Open(folder.File("bench.db"), Key);
        var clock = Stopwatch.StartNew();
        foreach (var input in inputs)
            RowFingerprint.Compute(input);
        var fingerprintMicros = clock.Elapsed.TotalMicroseconds / rows;

        clock.Restart();
        foreach (var entry in entries)
            journal.Record(entry);
        var recordMicros = clock.Elapsed.TotalMicroseconds / rows;

        clock.Restart();
        for (var i = 0; i < rows; i++)
            Assert.NotNull(journal.Find(i, entries[i].InputFingerprint));
        var findMicros = clock.Elapsed.TotalMicroseconds / rows;

        output.WriteLine($"journal overhead per row: fingerprint {fingerprintMicros:0.0} µs, record {recordMicros:0.0} µs, find {findMicros:0.0} µs");
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "distilabel-journal-overhead.txt"),
            $"{DateTime.UtcNow:O} fingerprint {fingerprintMicros:0.0} µs, record {recordMicros:0.0} µs, find {findMicros:0.0} µs per row\n");
        Assert.InRange(recordMicros + fingerprintMicros, 0, 2000);
    }
}

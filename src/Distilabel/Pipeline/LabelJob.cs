using System.Diagnostics;
using Distilabel.Data;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline;

/// <summary>Labels a dataset file into another: the command line's <c>label</c>, usable from any program.</summary>
public static partial class LabelJob
{
    /// <summary>Runs <paramref name="pipeline"/> over <see cref="LabelJobOptions.InputPath"/>.</summary>
    /// <exception cref="RunJournalMismatchException">The journal was made with another prompt, model or options.</exception>
    public static Task<LabelJobResult> RunAsync(
        LabellingPipeline pipeline,
        LabelJobOptions options,
        IProgress<PipelineProgress>? progress = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return RunAsync(pipeline.Flow, options, progress, drainToken, abortToken);
    }

    /// <summary>Runs the steps of <paramref name="flow"/> over <see cref="LabelJobOptions.InputPath"/> (a recipe).</summary>
    /// <remarks>
    /// The output is opened (and its folder checked for writing) before any row is read, and only replaces
    /// the target once every row is done: an interrupted or failed job leaves no half-written file.
    /// The input is read once, streaming. Its first rows are read ahead (<see cref="InputLookahead"/>): an unreadable
    /// file, a broken early row or a required column that no row has stops the job before any cost. A row broken
    /// further on (without <see cref="LabelJobOptions.SkipBadRows"/>) stops the job when it is reached; with a journal,
    /// the rows done so far are kept for the next run. The progress total comes from Parquet footers; JSONL and CSV
    /// inputs report rows done without a total.
    /// With <see cref="LabelJobOptions.JournalPath"/>, every finished row is journaled as it completes and rows a
    /// previous job finished are reused: re-running an interrupted job produces the output of an uninterrupted one.
    /// </remarks>
    /// <exception cref="RunJournalMismatchException">The journal was made with another prompt, model or options.</exception>
    public static async Task<LabelJobResult> RunAsync(
        Flow flow,
        LabelJobOptions options,
        IProgress<PipelineProgress>? progress = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        CheckLimit(options);
        CheckResumable(options);
        var leftovers = options.JournalPath is null ? [] : LeftoverTempFiles(options.OutputPath);
        await using var writer = DatasetFiles.CreateWriter(options.OutputPath, options.WriteOptions);
        return await RunAsync(flow, options, writer, leftovers, progress, drainToken, abortToken).ConfigureAwait(false);
    }

    /// <summary>Throws when the row limit is below 1.</summary>
    internal static void CheckLimit(LabelJobOptions options)
    {
        if (options.Limit is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Limit, "the row limit must be at least 1");
    }

    /// <summary>Runs <paramref name="flow"/> into <paramref name="writer"/>, opened by the caller (its folder checked once, before any cost).</summary>
    /// <remarks><paramref name="leftovers"/> are temporary outputs of killed runs, found before <paramref name="writer"/> made its own.</remarks>
    internal static async Task<LabelJobResult> RunAsync(
        Flow flow,
        LabelJobOptions options,
        IDatasetWriter writer,
        string[] leftovers,
        IProgress<PipelineProgress>? progress,
        CancellationToken drainToken,
        CancellationToken abortToken)
    {
        var clock = Stopwatch.StartNew();
        long skipped = 0;
        string? firstSkipped = null;
        var readOptions = new DatasetReadOptions
        {
            SkipBadRows = options.SkipBadRows,
            OnBadRow = e =>
            {
                Interlocked.Increment(ref skipped);
                Interlocked.CompareExchange(ref firstSkipped, e.Message, null);
            },
        };

        var rows = ReadInput(options, readOptions, abortToken);
        if (options.Limit is { } take)
            rows = rows.Take(checked((int)Math.Min(take, int.MaxValue)));
        await using var input = await InputLookahead.StartAsync(rows, flow.RequiredColumns, abortToken).ConfigureAwait(false);
        ThrowIfColumnMissing(flow, options, input);
        long? total = await KnownRowCountAsync(options, abortToken).ConfigureAwait(false);
        if (total is { } known && options.Limit is { } limit)
            total = Math.Min(known, limit);

        using var journal = options.JournalPath is { } journalPath
            ? RunJournal.Open(journalPath, flow.RunKey, new RunJournalOptions { RetryFailed = options.RetryFailed, Fresh = options.FreshJournal })
            : null;

        // The journal is held exclusively: temporary outputs left by a killed run on this output can go.
        foreach (var leftover in leftovers)
            TryDelete(leftover);

        var failures = new SortedDictionary<string, long>(StringComparer.Ordinal);
        PipelineProgress? last = null;
        var tracking = new Progress(progress, p => last = p);
        long done = 0;
        string? firstFailure = null;
        long read = 0;
        var counted = input.ReadAsync().Select(row =>
        {
            read++;
            return (IReadOnlyDictionary<string, object?>)row;
        });

        // An explode makes more rows than it reads: the total is then unknown.
        var scheduler = options.Scheduler ?? Scheduling.LocalRowScheduler.Instance;
        await foreach (var row in scheduler.RunAsync(flow, counted, tracking, flow.KeepsRowCount ? total : null, drainToken, abortToken, journal).ConfigureAwait(false))
        {
            await writer.WriteAsync(row.Values, abortToken).ConfigureAwait(false);
            done++;
            if (row.Failure is { } error)
            {
                failures[error.Reason] = failures.GetValueOrDefault(error.Reason) + 1;
                firstFailure ??= $"row {row.Index + 1}: {error.Text}";
            }
        }

        var completed = input.Ended && !drainToken.IsCancellationRequested;
        if (completed)
        {
            if (options.Facts is { } facts && writer is DatasetWriter recorder)
                recorder.Metadata[RunFacts.MetadataKey] = (facts with { Rows = done, Failed = failures.Values.Sum() }).ToJson();
            await writer.CompleteAsync(abortToken).ConfigureAwait(false);
        }

        // Only a complete run without failures may drop its journal: anything else still needs it to resume.
        var journalDeleted = false;
        if (completed && journal is not null && failures.Count == 0 && options.JournalAfterSuccess == JournalAfterSuccess.Delete)
        {
            journal.Dispose();
            RunJournal.Delete(journal.Path);
            journalDeleted = true;
        }
        return new LabelJobResult(
            done,
            failures.Values.Sum(),
            last?.InputTokens ?? 0,
            last?.OutputTokens ?? 0,
            clock.Elapsed,
            options.OutputPath,
            completed,
            failures,
            skipped)
        {
            TotalRows = total ?? read,
            JournalPath = journal?.Path,
            JournalDeleted = journalDeleted,
            JournalRowsAtStart = journal?.RowsAtOpen ?? 0,
            // Rows the last LLM step took from the journal: each is a row no LLM of any step was asked for again.
            RowsFromJournal = journal is null ? 0 : flow.StepNames.Count == 1 ? journal.Reused : journal.ReusedBy(flow.LastLlmStep ?? ""),
            JournalRowsInputChanged = journal?.InputChanged ?? 0,
            JournalRowsDamaged = journal?.Damaged ?? 0,
            JournalRowsRetried = journal?.RetriedFailed ?? 0,
            RowsJournaled = journal?.Recorded ?? 0,
            FirstFailure = firstFailure,
            FirstSkippedRow = firstSkipped,
        };
    }

    /// <summary>Temporary files of <paramref name="outputPath"/> that a killed run could not remove (<c>.name.tmp-*</c>).</summary>
    internal static string[] LeftoverTempFiles(string outputPath)
    {
        try
        {
            var full = Path.GetFullPath(outputPath);
            var folder = Path.GetDirectoryName(full);
            return folder is not null && Directory.Exists(folder)
                ? Directory.GetFiles(folder, $".{Path.GetFileName(full)}.tmp-*")
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [];
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover is hidden and never mistaken for the output.
        }
    }

    private static IAsyncEnumerable<Row> ReadInput(LabelJobOptions options, DatasetReadOptions readOptions, CancellationToken cancellationToken)
        => options.Source?.ReadAsync(readOptions, cancellationToken) ?? DatasetFiles.ReadAsync(options.InputPath, readOptions, cancellationToken);

    /// <summary>The number of rows to label where the input knows it without being read (Parquet footers), else null.</summary>
    private static async Task<long?> KnownRowCountAsync(LabelJobOptions options, CancellationToken cancellationToken)
    {
        if (options.Source is { } source)
            return await source.CountRowsAsync(cancellationToken).ConfigureAwait(false);
        return DatasetFiles.DetectFormat(options.InputPath) == DatasetFormat.Parquet
            ? await ParquetRowReader.CountRowsAsync(options.InputPath, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Stops the job before any cost when a column the steps need is in none of the rows read ahead and no
    /// later row can have it: the input has no more rows, or it is Parquet (one schema for every row). A longer JSONL
    /// or CSV input goes on: the rows that lack the column fail one by one, keeping their inputs.</summary>
    private static void ThrowIfColumnMissing(Flow flow, LabelJobOptions options, InputLookahead input)
    {
        var oneSchema = options.Source?.ParquetSchema is not null
            || (options.Source is null && DatasetFiles.DetectFormat(options.InputPath) == DatasetFormat.Parquet);
        if (input.IsEmpty || input.Missing.Count == 0 || !(input.Ended || oneSchema))
            return;
        var column = input.Missing[0];
        var required = flow.RequiredColumns;
        var who = flow.StepNames.Count == 1 ? $"task '{flow.StepNames[0]}'" : "the recipe's steps";
        throw new DatasetFormatException(
            options.Source?.Name ?? Path.GetFullPath(options.InputPath),
            $"no row has the column '{column}' that {who} needs (it needs: {string.Join(", ", required)}; the file has: {Row.DescribeColumns(input.FirstColumns)})",
            column: column);
    }

    /// <summary>Forwards progress and keeps the last snapshot (token totals for the result).</summary>
    private sealed class Progress(IProgress<PipelineProgress>? inner, Action<PipelineProgress> keep) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value)
        {
            keep(value);
            inner?.Report(value);
        }
    }
}

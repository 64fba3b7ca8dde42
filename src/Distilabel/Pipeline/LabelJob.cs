using System.Diagnostics;
using System.Text.RegularExpressions;
using Distilabel.Data;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline;

/// <summary>Labels a dataset file into another: the command line's <c>label</c>, usable from any program.</summary>
public static partial class LabelJob
{
    /// <summary>Runs <paramref name="pipeline"/> over <see cref="LabelJobOptions.InputPath"/>.</summary>
    /// <remarks>
    /// The output is opened (and its folder checked for writing) before any row is read, and only replaces
    /// the target once every row is done: an interrupted or failed job leaves no half-written file.
    /// The whole input is read once before the first request: an unreadable file, a broken row (without
    /// <see cref="LabelJobOptions.SkipBadRows"/>) or a required column that no row has stops the job before any cost.
    /// With <see cref="LabelJobOptions.JournalPath"/>, every finished row is journaled as it completes and rows a
    /// previous job finished are reused: re-running an interrupted job produces the output of an uninterrupted one.
    /// </remarks>
    /// <exception cref="RunJournalMismatchException">The journal was made with another prompt, model or options.</exception>
    public static async Task<LabelJobResult> RunAsync(
        LabellingPipeline pipeline,
        LabelJobOptions options,
        IProgress<PipelineProgress>? progress = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Limit is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Limit, "the row limit must be at least 1");

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
        var leftovers = options.JournalPath is null ? [] : LeftoverTempFiles(options.OutputPath);
        await using var writer = DatasetFiles.CreateWriter(options.OutputPath, options.WriteOptions);

        long total = await CountAndCheckAsync(pipeline, options, readOptions, abortToken).ConfigureAwait(false);
        skipped = 0;
        if (options.Limit is { } limit)
            total = Math.Min(total, limit);

        using var journal = options.JournalPath is { } journalPath
            ? RunJournal.Open(journalPath, pipeline.RunKey, new RunJournalOptions { RetryFailed = options.RetryFailed, Fresh = options.FreshJournal })
            : null;

        // The journal is held exclusively: temporary outputs left by a killed run on this output can go.
        foreach (var leftover in leftovers)
            TryDelete(leftover);

        var rows = ReadInput(options, readOptions, abortToken);
        if (options.Limit is { } take)
            rows = rows.Take(checked((int)Math.Min(take, int.MaxValue)));

        var failures = new SortedDictionary<string, long>(StringComparer.Ordinal);
        PipelineProgress? last = null;
        var tracking = new Progress(progress, p => last = p);
        long done = 0;
        string? firstFailure = null;
        await foreach (var row in pipeline.RunAsync(rows, tracking, total, drainToken, abortToken, journal).ConfigureAwait(false))
        {
            await writer.WriteAsync(row.Values, abortToken).ConfigureAwait(false);
            done++;
            if (row.Error is { } error)
            {
                var kind = FailureKind(error);
                failures[kind] = failures.GetValueOrDefault(kind) + 1;
                firstFailure ??= $"row {row.Index + 1}: {error}";
            }
        }

        var completed = done == total && !drainToken.IsCancellationRequested;
        if (completed)
        {
            if (options.Facts is { } facts && writer is DatasetWriter recorder)
                recorder.Metadata[RunFacts.MetadataKey] = (facts with { Rows = done, Failed = failures.Values.Sum() }).ToJson();
            await writer.CompleteAsync(abortToken).ConfigureAwait(false);
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
            TotalRows = total,
            JournalPath = journal?.Path,
            JournalRowsAtStart = journal?.RowsAtOpen ?? 0,
            RowsFromJournal = journal?.Reused ?? 0,
            JournalRowsInputChanged = journal?.InputChanged ?? 0,
            JournalRowsDamaged = journal?.Damaged ?? 0,
            JournalRowsRetried = journal?.RetriedFailed ?? 0,
            RowsJournaled = journal?.Recorded ?? 0,
            FirstFailure = firstFailure,
            FirstSkippedRow = firstSkipped,
        };
    }

    /// <summary>
    /// The kind of a row error, for counting: its text up to the first detail, without retry counts, generation
    /// numbers or server addresses ("bad input", "rate limited (429 Too Many Requests)", "unparsable answer", …).
    /// </summary>
    public static string FailureKind(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Trim();
        var generation = GenerationPrefix().Match(text);
        if (generation.Success)
            text = text[generation.Length..];
        var gaveUp = GaveUpPrefix().Match(text);
        if (gaveUp.Success)
            text = text[gaveUp.Length..];
        text = ServerAddress().Replace(text, "");
        var cut = text.IndexOf(": ", StringComparison.Ordinal);
        var kind = (cut > 0 ? text[..cut] : text).TrimEnd('.', ' ');
        return kind.Length > 60 ? kind[..60] : kind;
    }

    [GeneratedRegex(@"^generation \d+:\s*")]
    private static partial Regex GenerationPrefix();

    [GeneratedRegex(@"^Gave up after \d+ attempts?:\s*")]
    private static partial Regex GaveUpPrefix();

    [GeneratedRegex(@"\s+at https?://\S+")]
    private static partial Regex ServerAddress();

    /// <summary>Temporary files of <paramref name="outputPath"/> that a killed run could not remove (<c>.name.tmp-*</c>).</summary>
    private static string[] LeftoverTempFiles(string outputPath)
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

    /// <summary>Counts the rows (reading the whole input once) and checks that every column the task needs exists.</summary>
    private static async Task<long> CountAndCheckAsync(LabellingPipeline pipeline, LabelJobOptions options, DatasetReadOptions readOptions, CancellationToken cancellationToken)
    {
        var descriptor = pipeline.Task.Descriptor;
        var generated = pipeline.Options.GenerationTarget;
        var hasGenerators = pipeline.RunKey.Components.ContainsKey("generators");
        var required = descriptor.Inputs
            .Where(i => i.IsRequired && !(hasGenerators && i.Name == generated))
            .Select(i => i.Name)
            .ToHashSet(StringComparer.Ordinal);
        var missing = new HashSet<string>(required, StringComparer.Ordinal);
        IReadOnlyCollection<string>? firstColumns = null;
        long count = 0;
        await foreach (var row in ReadInput(options, readOptions, cancellationToken).ConfigureAwait(false))
        {
            firstColumns ??= row.Columns.ToArray();
            if (missing.Count > 0)
                missing.RemoveWhere(row.ContainsKey);
            count++;
            if (options.Limit is { } limit && count >= limit && missing.Count == 0)
                break;
        }

        if (count > 0 && missing.Count > 0)
        {
            var column = descriptor.Inputs.First(i => missing.Contains(i.Name)).Name;
            throw new DatasetFormatException(
                options.Source?.Name ?? Path.GetFullPath(options.InputPath),
                $"no row has the column '{column}' that task '{descriptor.Name}' needs (it needs: {string.Join(", ", required)}; the file has: {Row.DescribeColumns(firstColumns ?? [])})",
                column: column);
        }

        return count;
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

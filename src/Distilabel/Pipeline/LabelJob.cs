using System.Diagnostics;
using Distilabel.Data;

namespace Distilabel.Pipeline;

/// <summary>Labels a dataset file into another: the command line's <c>label</c>, usable from any program.</summary>
public static class LabelJob
{
    /// <summary>Runs <paramref name="pipeline"/> over <see cref="LabelJobOptions.InputPath"/>.</summary>
    /// <remarks>
    /// The output is opened (and its folder checked for writing) before any row is read, and only replaces
    /// the target once every row is done: an interrupted or failed job leaves no half-written file.
    /// </remarks>
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
        var readOptions = new DatasetReadOptions
        {
            SkipBadRows = options.SkipBadRows,
            OnBadRow = _ => Interlocked.Increment(ref skipped),
        };
        await using var writer = DatasetFiles.CreateWriter(options.OutputPath);

        long total = await CountAsync(options.InputPath, readOptions, abortToken).ConfigureAwait(false);
        skipped = 0;
        if (options.Limit is { } limit)
            total = Math.Min(total, limit);

        var rows = DatasetFiles.ReadAsync(options.InputPath, readOptions, abortToken);
        if (options.Limit is { } take)
            rows = rows.Take(checked((int)Math.Min(take, int.MaxValue)));

        var failures = new SortedDictionary<string, long>(StringComparer.Ordinal);
        PipelineProgress? last = null;
        var tracking = new Progress(progress, p => last = p);
        long done = 0;
        await foreach (var row in pipeline.RunAsync(rows, tracking, total, drainToken, abortToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(row.Values, abortToken).ConfigureAwait(false);
            done++;
            if (row.Error is { } error)
            {
                var kind = FailureKind(error);
                failures[kind] = failures.GetValueOrDefault(kind) + 1;
            }
        }

        var completed = done == total && !drainToken.IsCancellationRequested;
        if (completed)
            await writer.CompleteAsync(abortToken).ConfigureAwait(false);
        return new LabelJobResult(
            done,
            failures.Values.Sum(),
            last?.InputTokens ?? 0,
            last?.OutputTokens ?? 0,
            clock.Elapsed,
            options.OutputPath,
            completed,
            failures,
            skipped);
    }

    /// <summary>The kind of a row error: its text up to the first detail ("bad input", "rate limited (429)", …).</summary>
    public static string FailureKind(string error)
    {
        var colon = error.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? error[..colon] : error;
        if (kind.StartsWith("generation ", StringComparison.Ordinal))
            return FailureKind(error[(colon + 1)..].TrimStart());
        return kind.Length > 60 ? kind[..60] : kind;
    }

    private static async Task<long> CountAsync(string path, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var _ in DatasetFiles.ReadAsync(path, options, cancellationToken).ConfigureAwait(false))
            count++;
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

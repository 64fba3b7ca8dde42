using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Llms.Caching;
using Distilabel.Pipeline.Journal;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>Builds a job's steps once its LLMs can be created (see <see cref="DatasetJob.RunAsync"/>).</summary>
public delegate Task<JobPlan> JobPlanner(LlmFactory llms, CancellationToken cancellationToken);

/// <summary>
/// A whole job from a dataset to a dataset file, as every front end runs it (the command line's <c>label</c> and
/// <c>run</c>, the notebook's <c>#!distilabel</c>): the output checked once before any cost, the LLMs with counted
/// retries and the response cache, the journal (resume), the steps, the summary (and its JSON) and how it ended.
/// <see cref="LabelJob"/> and <see cref="RecipeJob"/> are the usual entry points; this one runs any steps.
/// </summary>
public static class DatasetJob
{
    /// <summary>Runs the steps <paramref name="planner"/> builds over the input of <paramref name="options"/>.</summary>
    /// <param name="planner">Builds the steps; LLMs must come from the factory it is given (retries counted, cache in front).</param>
    /// <param name="options">Input, output, journal, cache, retries, summary.</param>
    /// <param name="hooks">Progress, downloads and warnings for a front end.</param>
    /// <param name="drainToken">Stops reading rows; requests in flight finish and are journaled (<see cref="JobStatus.Interrupted"/>).</param>
    /// <param name="abortToken">Cancels at once (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The report; <see cref="JobReport.Status"/> is never <see cref="JobStatus.Error"/>, which is thrown instead.</returns>
    /// <exception cref="FileNotFoundException">The input file does not exist.</exception>
    /// <exception cref="DatasetFormatException">The input cannot be read, or lacks a column the steps need.</exception>
    /// <exception cref="IOException">The output cannot be written.</exception>
    /// <exception cref="RunJournalException">The journal cannot be used (<see cref="RunJournalException.Problem"/> says why).</exception>
    /// <exception cref="LlmConfigurationException">An LLM cannot be created from its settings.</exception>
    public static async Task<JobReport> RunAsync(
        JobPlanner planner,
        LabelJobOptions options,
        JobHooks? hooks = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(options);
        hooks ??= new JobHooks();
        LabelJob.CheckLimit(options);
        LabelJob.CheckResumable(options);

        var source = options.Source ?? await DatasetSource.OpenAsync(options.InputPath, options.InputOptions, abortToken).ConfigureAwait(false);
        options = options with
        {
            Source = source,
            WriteOptions = options.WriteOptions ?? new DatasetWriteOptions { SourceSchema = source.ParquetSchema },
        };

        // The output is opened (its folder checked for writing) once, before anything is created beside it (journal,
        // cache) and before any model is loaded or downloaded.
        var leftovers = options.JournalPath is null ? [] : LabelJob.LeftoverTempFiles(options.OutputPath);
        await using var writer = DatasetFiles.CreateWriter(options.OutputPath, options.WriteOptions);

        var retries = new RetryTally();
        var llms = new List<IChatClient>();
        var cachingClients = new List<ResponseCachingChatClient>();
        using var cache = options.ResponseCachePath is { } cachePath ? new JobResponseCache(cachePath, hooks.Warning) : null;
        try
        {
            async Task<IChatClient> CreateLlmAsync(LlmSettings settings, CancellationToken cancellationToken)
            {
                var configure = settings.ConfigureRetry;
                settings = settings with
                {
                    ConfigureRetry = retry =>
                    {
                        configure?.Invoke(retry);
                        if (options.RetryBaseDelay is { } delay)
                            retry.BaseDelay = delay;
                        var onRetry = retry.OnRetry;
                        retry.OnRetry = attempt =>
                        {
                            onRetry?.Invoke(attempt);
                            retries.Add(attempt.Error.Kind);
                        };
                    },
                };
                var llm = await LlmClients.CreateAsync(settings, hooks.Download, cancellationToken).ConfigureAwait(false);
                lock (llms)
                    llms.Add(llm);
                if (cache is null)
                    return llm;
                var caching = new ResponseCachingChatClient(llm, cache, new ResponseCacheOptions { Read = !options.RetryFailed });
                lock (llms)
                    cachingClients.Add(caching);
                return caching;
            }

            var plan = await planner(CreateLlmAsync, abortToken).ConfigureAwait(false);
            hooks.Started?.Invoke(plan.Title);
            var result = await LabelJob.RunAsync(plan.Flow, options with { Facts = plan.Facts ?? options.Facts }, writer, leftovers, hooks.Progress, drainToken, abortToken).ConfigureAwait(false);
            var status = !result.Completed ? JobStatus.Interrupted
                : result.Failed > 0 || result.SkippedInputRows > 0 ? JobStatus.RowsFailed
                : JobStatus.Succeeded;
            var report = new JobReport(result, status, plan.Title, plan.ErrorColumns)
            {
                Cache = cache is null ? null : new ResponseCacheCounts(cache.Path, cachingClients.Sum(c => c.Hits), cachingClients.Sum(c => c.Misses)),
                RetriesByKind = retries.Snapshot(),
            };
            if (options.SummaryJsonPath is { } summaryPath)
                await WriteAtomicallyAsync(summaryPath, report.ToJson(), abortToken).ConfigureAwait(false);
            return report;
        }
        finally
        {
            foreach (var llm in llms)
                llm.Dispose();
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        await using var file = AtomicFile.Create(path);
        await file.Stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}

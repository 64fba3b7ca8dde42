using System.Globalization;
using Distilabel.Data;
using Distilabel.LlamaCpp;
using Distilabel.Llms;
using Distilabel.Llms.Caching;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Recipes;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary>
/// What <c>label</c> and <c>run</c> share: checks of the input and output, the LLMs (with retries counted and the
/// response cache), the job with its progress, journal and two-stage Ctrl-C, the summary and the exit code.
/// </summary>
internal static class JobRunner
{
    /// <summary>Creates an LLM for the job (retries counted, response cache in front).</summary>
    public delegate Task<IChatClient> LlmFactory(LlmSettings settings, CancellationToken cancellationToken);

    /// <summary>Opens the job's input (a file or a Hub dataset, with its column surgery); see <see cref="DatasetInputOptions"/>.</summary>
    public delegate Task<DatasetSource> InputOpener(CancellationToken cancellationToken);

    /// <summary>What a command runs: its steps, the title of the progress bar, and the run facts recorded in the output.</summary>
    public sealed record Plan(Flow Flow, string Title, string ErrorColumns)
    {
        public RunFacts? Facts { get; init; }
    }

    /// <summary>The input as a person names it: a Hub address in full, a file by its name.</summary>
    public static string InputName(LabelJobOptions job)
        => DatasetSource.IsHubAddress(job.InputPath) ? job.InputPath : Path.GetFileName(job.InputPath);

    public static async Task<int> RunAsync(
        LabelJobOptions job, Durability durability, InputOpener openInput, Func<LlmFactory, CancellationToken, Task<Plan>> plan, Action? check = null)
    {
        // Piped output is 80 columns wide unless COLUMNS says otherwise (as most CLIs do).
        if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), CultureInfo.InvariantCulture, out var columns) && columns is >= 40 and <= 1000)
            AnsiConsole.Console.Profile.Width = columns;
        var console = new ConsoleReporter();
        using var interruption = new Interruption(console.Warn);
        var retries = new RetryCounts();
        string? journalPath = job.JournalPath;
        var llms = new List<IChatClient>();
        var cachingClients = new List<ResponseCachingChatClient>();
        try
        {
            check?.Invoke();
            var source = await openInput(interruption.Abort);
            job = job with
            {
                Source = source,
                WriteOptions = new DatasetWriteOptions { SourceSchema = source.ParquetSchema },
            };

            // The output is checked before anything is created beside it (journal, cache).
            await using (DatasetFiles.CreateWriter(job.OutputPath))
            {
            }

            // Opened at the first request, so a run that cannot start leaves no file behind.
            using var cache = durability.CachePath is { } cachePath
                ? new LazyCache(cachePath.Length == 0 ? SqliteResponseCache.DefaultPathFor(job.OutputPath) : cachePath, console.Warn)
                : null;
            async Task<IChatClient> CreateLlmAsync(LlmSettings settings, CancellationToken cancellationToken)
            {
                settings = settings with
                {
                    ConfigureRetry = retry =>
                    {
                        retry.BaseDelay = durability.RetryBaseDelay;
                        retry.OnRetry = attempt => retries.Add(attempt.Error.Kind);
                    },
                };
                var llm = await console.WithDownloadProgressAsync(progress => LlmClients.CreateAsync(settings, progress, cancellationToken));
                llms.Add(llm);
                if (cache is null)
                    return llm;
                var caching = new ResponseCachingChatClient(llm, cache, new ResponseCacheOptions { Read = !durability.RetryFailed });
                cachingClients.Add(caching);
                return caching;
            }

            var planned = await plan(CreateLlmAsync, interruption.Abort);
            job = job with { Facts = planned.Facts };
            var result = await console.WithRunProgressAsync(planned.Title, progress => LabelJob.RunAsync(planned.Flow, job, progress, interruption.Drain, interruption.Abort));
            console.Summary(result);
            var cacheCounts = cache is null ? null : new CacheCounts(cache.Path, cachingClients.Sum(c => c.Hits), cachingClients.Sum(c => c.Misses));
            DurabilitySummary(result, cacheCounts, retries);
            var exitCode = !result.Completed ? ExitCodes.Interrupted
                : result.Failed > 0 || result.SkippedInputRows > 0 ? ExitCodes.RowsFailed
                : ExitCodes.Success;
            if (result.RowsFromJournal > 0)
                console.Warn($"Resumed: {result.RowsFromJournal:N0} finished rows came from the journal {result.JournalPath} without asking the LLM (--fresh starts over).");
            if (result.JournalRowsInputChanged > 0)
                console.Warn($"{result.JournalRowsInputChanged:N0} journaled rows were asked again because their input row changed since the journal was written.");
            if (durability.SummaryJsonPath is { } summaryPath)
                WriteSummaryJson(summaryPath, result, cacheCounts, retries, exitCode);
            if (!result.Completed)
                console.Error($"interrupted after {result.Rows} rows: {job.OutputPath} was not written. {Resumable(journalPath)}");
            else if (result.Failed > 0)
                console.Error($"{result.Failed} of {result.Rows} rows were not labelled (see the {planned.ErrorColumns} of {job.OutputPath}); first: {Shorten(result.FirstFailure).TrimEnd('.')}. Use --retry-failed to ask them again.");
            else if (result.SkippedInputRows > 0)
                console.Error($"{result.SkippedInputRows} unreadable input row{(result.SkippedInputRows == 1 ? " was" : "s were")} skipped (--skip-bad-rows); first: {Shorten(result.FirstSkippedRow)}");
            return exitCode;
        }
        catch (OperationCanceledException) when (interruption.Abort.IsCancellationRequested)
        {
            console.Error($"interrupted: {job.OutputPath} was not written. {Resumable(journalPath)}");
            return ExitCodes.Interrupted;
        }
        catch (Distilabel.Compiler.TaskFileException exception)
        {
            TaskResolver.Report(exception, Console.Error);
            return ExitCodes.Error;
        }
        catch (Exception exception) when (IsUserError(exception))
        {
            console.Error(exception.Message);
            return ExitCodes.Error;
        }
        finally
        {
            foreach (var llm in llms)
                llm.Dispose();
        }
    }

    /// <summary>The response cache's file and counts over every LLM of the job.</summary>
    private sealed record CacheCounts(string Path, long Hits, long Misses);

    private static bool IsUserError(Exception exception) => exception is UsageException or DatasetFormatException or LlmConfigurationException
        or PipelineAbortedException or ModelDownloadException or TaskInputException or FileNotFoundException or DirectoryNotFoundException
        or UnauthorizedAccessException or IOException or ArgumentException or NotSupportedException or RecipeException;

    private static string Resumable(string? journalPath) => journalPath is null
        ? ""
        : $"Finished rows are kept in the journal {journalPath}: run the same command again to resume.";

    private static string Shorten(string? text)
    {
        text = (text ?? "").ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..299] + "…";
    }

    /// <summary>Journal, cache and retries, on standard output after the summary.</summary>
    private static void DurabilitySummary(LabelJobResult result, CacheCounts? cache, RetryCounts retries)
    {
        var table = new Table().Title("Journal, cache and retries").AddColumns("", "");
        string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        if (result.JournalPath is { } journalPath)
        {
            table.AddRow("journal", Markup.Escape(journalPath));
            table.AddRow("rows from the journal", N(result.RowsFromJournal));
            table.AddRow("rows journaled now", N(result.RowsJournaled));
            if (result.JournalRowsRetried > 0)
                table.AddRow("failed rows asked again", N(result.JournalRowsRetried));
            if (result.JournalRowsInputChanged > 0)
                table.AddRow("rows asked again (input changed)", N(result.JournalRowsInputChanged));
            if (result.JournalRowsDamaged > 0)
                table.AddRow("rows asked again (damaged entry)", N(result.JournalRowsDamaged));
        }

        if (cache is not null)
        {
            table.AddRow("response cache", Markup.Escape(cache.Path));
            table.AddRow("cache hits / misses", $"{N(cache.Hits)} / {N(cache.Misses)}");
        }
        else
        {
            table.AddRow("response cache", "off");
        }

        table.AddRow("retries", N(retries.Total));
        foreach (var (kind, count) in retries.ByKind)
            table.AddRow($"  {Markup.Escape(kind)}", N(count));
        AnsiConsole.Console.Write(table);
    }

    /// <summary>The summary as JSON, for scripts and CI.</summary>
    private static void WriteSummaryJson(string path, LabelJobResult result, CacheCounts? cache, RetryCounts retries, int exitCode)
    {
        using var stream = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("exit_code", exitCode);
            json.WriteBoolean("completed", result.Completed);
            json.WriteString("output", result.Completed ? Path.GetFullPath(result.OutputPath) : null);
            json.WriteNumber("total_rows", result.TotalRows);
            json.WriteNumber("rows", result.Rows);
            json.WriteNumber("labelled", result.Succeeded);
            json.WriteNumber("failed", result.Failed);
            json.WriteStartObject("failures_by_kind");
            foreach (var (kind, count) in result.FailuresByKind)
                json.WriteNumber(kind, count);
            json.WriteEndObject();
            json.WriteNumber("skipped_input_rows", result.SkippedInputRows);
            json.WriteNumber("input_tokens", result.InputTokens);
            json.WriteNumber("output_tokens", result.OutputTokens);
            json.WriteNumber("elapsed_seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            if (result.JournalPath is null)
            {
                json.WriteNull("journal");
            }
            else
            {
                json.WriteStartObject("journal");
                json.WriteString("path", result.JournalPath);
                json.WriteNumber("rows_at_start", result.JournalRowsAtStart);
                json.WriteNumber("rows_from_journal", result.RowsFromJournal);
                json.WriteNumber("rows_journaled", result.RowsJournaled);
                json.WriteNumber("failed_rows_asked_again", result.JournalRowsRetried);
                json.WriteNumber("rows_asked_again_input_changed", result.JournalRowsInputChanged);
                json.WriteNumber("rows_asked_again_damaged", result.JournalRowsDamaged);
                json.WriteEndObject();
            }

            if (cache is null)
            {
                json.WriteNull("cache");
            }
            else
            {
                json.WriteStartObject("cache");
                json.WriteString("path", cache.Path);
                json.WriteNumber("hits", cache.Hits);
                json.WriteNumber("misses", cache.Misses);
                json.WriteEndObject();
            }

            json.WriteStartObject("retries");
            json.WriteNumber("total", retries.Total);
            json.WriteStartObject("by_kind");
            foreach (var (kind, count) in retries.ByKind)
                json.WriteNumber(kind, count);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllBytes(temp, stream.ToArray());
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>What the command line asked of the journal, the cache and retries.</summary>
    public sealed record Durability(string? JournalPath, bool Fresh, bool RetryFailed, string? CachePath, TimeSpan RetryBaseDelay, string? SummaryJsonPath);

    /// <summary>The SQLite response cache, opened at first use; if it cannot be opened the run goes on without it (with a warning).</summary>
    private sealed class LazyCache : IResponseCache, IDisposable
    {
        private readonly Lazy<SqliteResponseCache?> _cache;

        public LazyCache(string path, Action<string> warn)
        {
            Path = System.IO.Path.GetFullPath(path);
            _cache = new Lazy<SqliteResponseCache?>(() =>
            {
                try
                {
                    return SqliteResponseCache.Open(Path);
                }
                catch (IOException e)
                {
                    warn($"The response cache is off for this run: {e.Message}");
                    return null;
                }
            });
        }

        public string Path { get; }

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
            => _cache.Value is { } cache ? cache.GetAsync(key, cancellationToken) : ValueTask.FromResult<byte[]?>(null);

        public ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
            => _cache.Value is { } cache ? cache.SetAsync(key, value, cancellationToken) : ValueTask.CompletedTask;

        public void Dispose()
        {
            if (_cache.IsValueCreated)
                _cache.Value?.Dispose();
        }
    }

    /// <summary>Retries by kind of failure (thread-safe).</summary>
    private sealed class RetryCounts
    {
        private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

        public long Total
        {
            get
            {
                lock (_counts)
                    return _counts.Values.Sum();
            }
        }

        public IReadOnlyList<KeyValuePair<string, long>> ByKind
        {
            get
            {
                lock (_counts)
                    return [.. _counts];
            }
        }

        public void Add(string kind)
        {
            lock (_counts)
                _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        }
    }
}

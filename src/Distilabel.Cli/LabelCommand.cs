using System.CommandLine;
using System.Globalization;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Llms.Caching;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary><c>distilabel label</c>: label a dataset file with a task and an LLM.</summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "The task to run (see 'distilabel tasks').", DefaultValueFactory = _ => "helpsteer" };
        var input = new DatasetInputOptions("The dataset to label.");
        var output = new Option<string>("--output", "-o") { Description = "Where to write the labelled dataset (.jsonl, .parquet or .csv); written atomically.", Required = true };
        var llm = new Option<string>("--llm") { Description = "Which LLM runs the task.", Required = true };
        llm.AcceptOnlyFromAmong("openai", "openai-compatible", "llamacpp");
        var model = new Option<string?>("--model", "-m") { Description = "Model name (openai, openai-compatible) or GGUF path (llamacpp; omit to download a small default model once)." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of an OpenAI-compatible server, e.g. http://localhost:8000/v1." };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable holding the API key (default: OPENAI_API_KEY for openai)." };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Requests in flight at once (distilabel's num_threads).", DefaultValueFactory = _ => 4 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Most tokens per answer.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0 = greedy).", DefaultValueFactory = _ => 0f };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed." };
        var limit = new Option<long?>("--limit") { Description = "Label only the first N rows." };
        var skipBadRows = new Option<bool>("--skip-bad-rows") { Description = "Skip unreadable input rows (e.g. a broken JSONL line) instead of stopping." };
        var timeout = new Option<double>("--request-timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var threads = new Option<int?>("--threads") { Description = "llamacpp: CPU threads per request." };
        var journal = new Option<string?>("--journal") { Description = "The run journal: every finished row is kept there as it completes (default: <output folder>/.distilabel/<output name>.journal.db)." };
        var resume = new Option<bool>("--resume") { Description = "Resume from the journal, skipping finished rows. This is the default whenever a journal made with the same task, model and options exists." };
        var fresh = new Option<bool>("--fresh") { Description = "Delete the journal and start over." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Reuse the journal's labelled rows but ask again the rows that ended with an error (the response cache is refreshed, not read)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not answer repeated requests from the response cache." };
        var cache = new Option<string?>("--cache") { Description = "The response cache: identical requests are answered from it at zero cost (default: <output folder>/.distilabel/cache.db)." };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "Attempts per request, the first included (transient errors are retried).", DefaultValueFactory = _ => 5 };
        var summaryJson = new Option<string?>("--summary-json") { Description = "Also write the run's summary (counts by kind of failure, journal, cache, retries, exit code) as JSON to this file." };
        var retryBaseDelay = new Option<int>("--retry-base-delay-ms") { Description = "Back-off before the first retry, in milliseconds; doubles each retry.", DefaultValueFactory = _ => 1000, Hidden = true };

        AddRange(concurrency, 1, 4096);
        AddRange(maxNewTokens, 1, 1_000_000);
        AddRange(timeout, 0.001, 86_400);
        AddRange(maxAttempts, 1, 100);
        AddRange(retryBaseDelay, 0, 600_000);
        temperature.Validators.Add(result =>
        {
            if (!TryGetValue<float>(result, out var value))
                return;
            if (value is < 0 or > 2 || float.IsNaN(value))
                result.AddError($"--temperature must be between 0 and 2 (got {value.ToString(CultureInfo.InvariantCulture)}).");
        });
        limit.Validators.Add(result =>
        {
            if (TryGetValue<long?>(result, out var value) && value is < 1)
                result.AddError($"--limit must be at least 1 (got {value}).");
        });
        threads.Validators.Add(result =>
        {
            if (TryGetValue<int?>(result, out var value) && value is < 1 or > 512)
                result.AddError($"--threads must be between 1 and 512 (got {value}).");
        });

        var command = new Command("label", "Label a dataset with an LLM judge (AI feedback).")
        {
            task, output, llm, model, baseUrl, apiKeyEnv, concurrency, maxNewTokens, temperature, seed, limit, skipBadRows, timeout, threads,
            journal, resume, fresh, retryFailed, noCache, cache, maxAttempts, retryBaseDelay, summaryJson,
        };
        input.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.Errors.Any())
                return;
            if (result.GetValue(fresh) && result.GetValue(resume))
                result.AddError("--fresh and --resume contradict each other: --fresh deletes the journal that --resume continues.");
            if (result.GetValue(fresh) && result.GetValue(retryFailed))
                result.AddError("--fresh and --retry-failed contradict each other: --fresh deletes the journal whose failed rows --retry-failed asks again.");
            if (result.GetValue(noCache) && result.GetValue(cache) is not null)
                result.AddError("--no-cache and --cache contradict each other.");
        });
        command.SetAction(async (parse, _) =>
        {
            var settings = new LlmSettings
            {
                Provider = parse.GetValue(llm) switch
                {
                    "openai" => LlmProvider.OpenAI,
                    "openai-compatible" => LlmProvider.OpenAICompatible,
                    _ => LlmProvider.LlamaCpp,
                },
                Model = parse.GetValue(model),
                BaseUrl = parse.GetValue(baseUrl),
                ApiKeyEnvironmentVariable = parse.GetValue(apiKeyEnv),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                LlamaCppThreads = parse.GetValue(threads),
                LlamaCppParallelism = 1,
                MaxAttempts = parse.GetValue(maxAttempts),
            };
            var durability = new Durability(
                parse.GetValue(journal),
                parse.GetValue(fresh),
                parse.GetValue(retryFailed),
                parse.GetValue(noCache) ? null : parse.GetValue(cache) ?? "",
                TimeSpan.FromMilliseconds(parse.GetValue(retryBaseDelay)),
                parse.GetValue(summaryJson));
            var pipelineOptions = new PipelineOptions
            {
                Concurrency = parse.GetValue(concurrency),
                MaxNewTokens = parse.GetValue(maxNewTokens),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
            };
            var outputPath = parse.GetValue(output)!;
            var job = new LabelJobOptions
            {
                InputPath = parse.GetValue(input.Input)!,
                OutputPath = outputPath,
                Limit = parse.GetValue(limit),
                SkipBadRows = parse.GetValue(skipBadRows),
                JournalPath = durability.JournalPath ?? RunJournal.DefaultPathFor(outputPath),
                FreshJournal = durability.Fresh,
                RetryFailed = durability.RetryFailed,
            };
            return await RunAsync(parse.GetValue(task)!, settings, pipelineOptions, job, durability, ct => input.OpenAsync(parse, ct));
        });
        return command;
    }

    private static async Task<int> RunAsync(
        string taskName, LlmSettings settings, PipelineOptions pipelineOptions, LabelJobOptions job, Durability durability, Func<CancellationToken, Task<DatasetSource>> openInput)
    {
        // Piped output is 80 columns wide unless COLUMNS says otherwise (as most CLIs do).
        if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), CultureInfo.InvariantCulture, out var columns) && columns is >= 40 and <= 1000)
            AnsiConsole.Console.Profile.Width = columns;
        var console = new ConsoleReporter();
        using var interruption = new Interruption(console.Warn);
        var retries = new RetryCounts();
        string? journalPath = job.JournalPath;
        try
        {
            var task = LlmTaskRegistry.Find(taskName)
                ?? throw new UsageException($"--task: unknown task '{taskName}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))}.");
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

            settings = settings with
            {
                ConfigureRetry = retry =>
                {
                    retry.BaseDelay = durability.RetryBaseDelay;
                    retry.OnRetry = attempt => retries.Add(LabelJob.FailureKind(attempt.Error.Reason));
                },
            };
            // Opened at the first request, so a run that cannot start leaves no file behind.
            using var cache = durability.CachePath is { } cachePath
                ? new LazyCache(cachePath.Length == 0 ? SqliteResponseCache.DefaultPathFor(job.OutputPath) : cachePath, console.Warn)
                : null;
            using var llm = await console.WithDownloadProgressAsync(progress => LlmClients.CreateAsync(settings, progress, interruption.Abort));
            var caching = cache is null ? null : new ResponseCachingChatClient(llm, cache, new ResponseCacheOptions { Read = !durability.RetryFailed });
            IChatClient client = caching ?? llm;
            var pipeline = new LabellingPipeline(task, client, pipelineOptions);
            job = job with { Facts = RunFacts.For(task.Descriptor, pipeline.RunKey, DatasetSource.IsHubAddress(job.InputPath) ? job.InputPath : Path.GetFileName(job.InputPath)) };
            var result = await console.WithRunProgressAsync(
                $"Labelling {(DatasetSource.IsHubAddress(job.InputPath) ? job.InputPath : Path.GetFileName(job.InputPath))} with {task.Descriptor.Name} on {pipeline.LabellerName}",
                progress => LabelJob.RunAsync(pipeline, job, progress, interruption.Drain, interruption.Abort));
            console.Summary(result);
            DurabilitySummary(result, caching, cache, retries);
            var exitCode = !result.Completed ? ExitCodes.Interrupted
                : result.Failed > 0 || result.SkippedInputRows > 0 ? ExitCodes.RowsFailed
                : ExitCodes.Success;
            if (result.RowsFromJournal > 0)
                console.Warn($"Resumed: {result.RowsFromJournal:N0} finished rows came from the journal {result.JournalPath} without asking the LLM (--fresh starts over).");
            if (result.JournalRowsInputChanged > 0)
                console.Warn($"{result.JournalRowsInputChanged:N0} journaled rows were asked again because their input row changed since the journal was written.");
            if (durability.SummaryJsonPath is { } summaryPath)
                WriteSummaryJson(summaryPath, result, caching, cache, retries, exitCode);
            if (!result.Completed)
                console.Error($"interrupted after {result.Rows} rows: {job.OutputPath} was not written. {Resumable(journalPath)}");
            else if (result.Failed > 0)
                console.Error($"{result.Failed} of {result.Rows} rows were not labelled (see the labelling_error column of {job.OutputPath}); first: {Shorten(result.FirstFailure).TrimEnd('.')}. Use --retry-failed to ask them again.");
            else if (result.SkippedInputRows > 0)
                console.Error($"{result.SkippedInputRows} unreadable input row{(result.SkippedInputRows == 1 ? " was" : "s were")} skipped (--skip-bad-rows); first: {Shorten(result.FirstSkippedRow)}");
            return exitCode;
        }
        catch (OperationCanceledException) when (interruption.Abort.IsCancellationRequested)
        {
            console.Error($"interrupted: {job.OutputPath} was not written. {Resumable(journalPath)}");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (IsUserError(exception))
        {
            console.Error(exception.Message);
            return ExitCodes.Error;
        }
    }

    private static bool IsUserError(Exception exception) => exception is UsageException or DatasetFormatException or LlmConfigurationException
        or PipelineAbortedException or ModelDownloadException or TaskInputException or FileNotFoundException or DirectoryNotFoundException
        or UnauthorizedAccessException or IOException or ArgumentException or NotSupportedException;

    private static string Resumable(string? journalPath) => journalPath is null
        ? ""
        : $"Finished rows are kept in the journal {journalPath}: run the same command again to resume.";

    private static string Shorten(string? text)
    {
        text = (text ?? "").ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..299] + "…";
    }

    /// <summary>Journal, cache and retries, on standard output after the summary.</summary>
    private static void DurabilitySummary(LabelJobResult result, ResponseCachingChatClient? caching, LazyCache? cache, RetryCounts retries)
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

        if (caching is not null && cache is not null)
        {
            table.AddRow("response cache", Markup.Escape(cache.Path));
            table.AddRow("cache hits / misses", $"{N(caching.Hits)} / {N(caching.Misses)}");
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
    private static void WriteSummaryJson(string path, LabelJobResult result, ResponseCachingChatClient? caching, LazyCache? cache, RetryCounts retries, int exitCode)
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

            if (caching is null || cache is null)
            {
                json.WriteNull("cache");
            }
            else
            {
                json.WriteStartObject("cache");
                json.WriteString("path", cache.Path);
                json.WriteNumber("hits", caching.Hits);
                json.WriteNumber("misses", caching.Misses);
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
    private sealed record Durability(string? JournalPath, bool Fresh, bool RetryFailed, string? CachePath, TimeSpan RetryBaseDelay, string? SummaryJsonPath);

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

    /// <summary>The option's value, or false when it is not a valid value at all (the parser reports that itself).</summary>
    private static bool TryGetValue<T>(System.CommandLine.Parsing.OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static void AddRange<T>(Option<T> option, T min, T max)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGetValue<T>(result, out var value))
                return;
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max} (got {value})."));
        });
    }
}

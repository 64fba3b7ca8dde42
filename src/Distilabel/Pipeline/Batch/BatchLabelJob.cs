using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Steps;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// Labels a dataset through the OpenAI Batch API (half the price, answers within 24 hours): the command line's
/// <c>label --batch</c>, usable from any program. Resumable at every point: re-running the same job after a kill, a
/// Ctrl-C or <see cref="BatchOptions.Wait"/> = false finds the journaled batches and polls or collects them.
/// </summary>
/// <remarks>
/// <para>Submit: every row the run journal does not already hold (and that no running batch asks for) becomes a request
/// line whose <c>custom_id</c> is a stable row key and whose body is exactly what the online path sends; lines are split
/// into files within <see cref="BatchOptions.MaxRequestsPerFile"/> and <see cref="BatchOptions.MaxBytesPerFile"/>; each
/// file is uploaded and a batch created (<see cref="BatchSubmitter"/>), each id journaled at once.</para>
/// <para>Wait: poll with backoff, progress from <c>request_counts</c> (<see cref="BatchOptions.Progress"/>).</para>
/// <para>Collect: the output and error files are joined to the rows by <c>custom_id</c>, then the ordinary job runs
/// with an LLM that answers from them: each answer is parsed by the task, rows are written in input order and
/// journaled, the summary counts tokens, and a request that failed, expired or was cancelled is a failed row with its
/// error. <see cref="LabelJobOptions.RetryFailed"/> submits only the failed rows again, as a new batch.</para>
/// <para>A batch that fails as a whole stops the job with a <see cref="BatchFailedException"/> carrying the server's reasons.</para>
/// </remarks>
public static class BatchLabelJob
{
    /// <summary>Runs the job. <paramref name="options"/> needs a journal (<see cref="LabelJobOptions.JournalPath"/>): it holds the batch ids.</summary>
    /// <exception cref="BatchFailedException">A batch failed as a whole.</exception>
    /// <exception cref="BatchServiceException">The Files or Batches endpoints failed (the journal keeps what was done).</exception>
    /// <exception cref="LlmConfigurationException">The LLM is not OpenAI or OpenAI-compatible, or has no model or key.</exception>
    /// <inheritdoc cref="DatasetJob.RunAsync" path="/exception"/>
    public static async Task<BatchJobReport> RunAsync(
        LlmTaskDefinition task,
        LlmSettings llm,
        LabelJobOptions options,
        BatchOptions? batch = null,
        PipelineOptions? pipeline = null,
        JobHooks? hooks = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(llm);
        ArgumentNullException.ThrowIfNull(options);
        batch ??= new BatchOptions();
        batch.Validate();
        if (options.JournalPath is not { } journalPath)
            throw new ArgumentException("batch labelling needs a run journal (it holds the batch ids): set the journal path", nameof(options));
        LabelJob.CheckLimit(options);
        LabelJob.CheckResumable(options);

        if (string.IsNullOrWhiteSpace(llm.Model))
            throw new LlmConfigurationException("Batch labelling needs a model name.") { Setting = nameof(LlmSettings.Model) };
        var service = BatchService.Create(llm);
        var bodies = new ChatRequestBodies(llm.Model);
        var answers = new BatchAnswers();
        using var client = new BatchAnswerChatClient(bodies, answers, llm.Model);
        var labelling = new LabellingPipeline(task, client, pipeline);
        var source = options.Source ?? await DatasetSource.OpenAsync(options.InputPath, options.InputOptions, abortToken).ConfigureAwait(false);
        options = options with { Source = source };

        int uploaded = 0, created = 0;
        long submitted = 0;
        IReadOnlyList<BatchState> states;
        IReadOnlyList<BatchRecord> live;
        using (var journal = RunJournal.Open(journalPath, labelling.RunKey, new RunJournalOptions { RetryFailed = options.RetryFailed, Fresh = options.FreshJournal }))
        using (var batches = BatchJournal.Of(journal))
        {
            var requests = await PlanAsync(labelling, journal, batches, options, bodies, abortToken).ConfigureAwait(false);
            var files = BatchRequestFile.Split(requests, batches.Identity, batches.Round, batch.MaxRequestsPerFile, batch.MaxBytesPerFile);
            foreach (var file in files)
            {
                var before = batches.Find(file.Hash)?.BatchId;
                if (await BatchSubmitter.SubmitAsync(service, batches, file, journal.Key.Hash, abortToken).ConfigureAwait(false))
                    uploaded++;
                if (before is null)
                {
                    created++;
                    submitted += file.Requests.Count;
                }
            }

            live = batches.Live();
            var polled = live.Count == 0 ? [] : await BatchPoller.PollAsync(service, batches, live, batch, batch.Wait, drainToken, abortToken).ConfigureAwait(false);
            if (polled is null || !batch.Wait && polled.Any(s => !s.IsTerminal))
            {
                return new BatchJobReport
                {
                    Batches = polled ?? [],
                    BatchesCreated = created,
                    FilesUploaded = uploaded,
                    RequestsSubmitted = submitted,
                    JournalPath = journal.Path,
                    Interrupted = polled is null,
                };
            }

            states = polled;
            for (var i = 0; i < live.Count; i++)
            {
                var requestsOf = batches.Requests(live[i].Hash);
                if (states[i].Status == "failed")
                {
                    // No row was answered: the batch is done with, and the next run submits its rows anew.
                    answers.AddFailed(live[i], states[i], requestsOf);
                    batches.MarkCollected(live[i].Hash, answers.ByBatch[live[i].Hash].ToDictionary(a => a.Key, a => a.Value.Outcome));
                    throw new BatchFailedException(states[i].Id, states[i].Errors);
                }

                await answers.AddAsync(service, live[i], states[i], requestsOf, abortToken).ConfigureAwait(false);
            }
        }

        // Collect: the ordinary job, its LLM answering from the batches (the journal reopened by it).
        var what = $"labelling {LabelJob.InputName(options)} with {task.Descriptor.Name} on {labelling.LabellerName}";
        var title = live.Count == 0 ? $"Batch job: {what} (every row from the journal)" : $"Collecting {live.Count} batch{(live.Count == 1 ? "" : "es")}: {what}";
        var report = await DatasetJob.RunAsync(
            (_, _) => Task.FromResult(new JobPlan(labelling.Flow, title, "labelling_error column") { Facts = RunFacts.For(task.Descriptor, labelling.RunKey, LabelJob.InputName(options)) }),
            options with { ResponseCachePath = null, FreshJournal = false, Resume = false },
            hooks,
            drainToken,
            abortToken).ConfigureAwait(false);

        // Only once the rows are journaled (or written): an interrupted collection downloads the batches again.
        if (report.Status != JobStatus.Interrupted && live.Count > 0 && !report.Result.JournalDeleted)
        {
            using var journal = RunJournal.Open(journalPath, labelling.RunKey);
            using var batches = BatchJournal.Of(journal);
            foreach (var record in live)
                batches.MarkCollected(record.Hash, answers.ByBatch[record.Hash].ToDictionary(a => a.Key, a => a.Value.Outcome));
        }

        return new BatchJobReport
        {
            Job = report,
            Batches = states,
            BatchesCreated = created,
            FilesUploaded = uploaded,
            RequestsSubmitted = submitted,
            RequestsAnswered = answers.ByBatch.Values.Sum(b => b.Values.LongCount(a => a.Response is not null)),
            RequestsFailed = answers.ByBatch.Values.Sum(b => b.Values.LongCount(a => a.Response is null)),
            JournalPath = Path.GetFullPath(journalPath),
        };
    }

    /// <summary>The rows that need an answer: not in the journal (or failed, with <see cref="LabelJobOptions.RetryFailed"/>) and asked by no running batch.</summary>
    private static async Task<List<BatchRequest>> PlanAsync(
        LabellingPipeline labelling, RunJournal journal, BatchJournal batches, LabelJobOptions options, ChatRequestBodies bodies, CancellationToken cancellationToken)
    {
        var task = labelling.Task;
        var step = labelling.Flow.LastLlmStep ?? task.Descriptor.Name;
        var asked = batches.Live().SelectMany(b => batches.Requests(b.Hash)).Select(r => r.CustomId).ToHashSet(StringComparer.Ordinal);
        var chat = GenerationSettings.Labelling(labelling.Options, task);
        var perRow = GenerationSettings.NeedsGrammarPerRow(labelling.Options, task);
        var rows = options.Source!.ReadAsync(new DatasetReadOptions { SkipBadRows = options.SkipBadRows }, cancellationToken);
        if (options.Limit is { } limit)
            rows = rows.Take(checked((int)Math.Min(limit, int.MaxValue)));

        var requests = new List<BatchRequest>();
        long index = -1;
        await foreach (var row in rows.ConfigureAwait(false))
        {
            index++;
            var fingerprint = RowFingerprint.Compute(row);
            if (journal.Find(step, index, fingerprint) is not null)
                continue;
            var customId = BatchRequest.RowKey(index, fingerprint);
            if (asked.Contains(customId))
                continue;
            object instance;
            try
            {
                instance = task.FromRow(row);
            }
            catch (TaskInputException)
            {
                // The row fails when collected, with its inputs kept; nothing to ask.
                continue;
            }

            var body = bodies.Body(task.BuildPrompt(instance), perRow ? GenerationSettings.ForInstance(chat, task, instance) : chat);
            requests.Add(new BatchRequest(customId, index, ChatRequestBodies.Hash(body), body));
        }

        return requests;
    }
}

using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Pipeline;

public static partial class LabelJob
{
    /// <summary>
    /// Labels <see cref="LabelJobOptions.InputPath"/> with <paramref name="task"/> on the LLM <paramref name="llm"/> describes,
    /// as the command line's <c>label</c> does, in one call: the output checked before any cost, retries counted, the
    /// response cache and the journal (<see cref="LabelJobOptions.Defaults"/> puts both where the command line does),
    /// the summary (<see cref="JobReport"/>, with its JSON when <see cref="LabelJobOptions.SummaryJsonPath"/> is set).
    /// </summary>
    /// <example><code>
    /// var report = await LabelJob.RunAsync(
    ///     LlmTaskDefinition.Of&lt;HelpSteer&gt;(),
    ///     new LlmSettings { Provider = LlmProvider.LlamaCpp, Model = "model.gguf" },
    ///     LabelJobOptions.Defaults("in.jsonl", "out.parquet"));
    /// return (int)report.Status;   // 0 all labelled, 1 some rows failed, 130 interrupted
    /// </code></example>
    /// <inheritdoc cref="DatasetJob.RunAsync" path="/exception"/>
    public static Task<JobReport> RunAsync(
        LlmTaskDefinition task,
        LlmSettings llm,
        LabelJobOptions options,
        PipelineOptions? pipeline = null,
        JobHooks? hooks = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(llm);
        ArgumentNullException.ThrowIfNull(options);
        return DatasetJob.RunAsync(
            async (llms, cancellationToken) =>
            {
                var labelling = new LabellingPipeline(task, await llms(llm, cancellationToken).ConfigureAwait(false), pipeline);
                var input = InputName(options);
                return new JobPlan(labelling.Flow, $"Labelling {input} with {task.Descriptor.Name} on {labelling.LabellerName}", "labelling_error column")
                {
                    Facts = RunFacts.For(task.Descriptor, labelling.RunKey, input),
                };
            },
            options,
            hooks,
            drainToken,
            abortToken);
    }

    /// <summary>The input as a person names it: a Hub address in full, a file by its name.</summary>
    public static string InputName(LabelJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DatasetSource.IsHubAddress(options.InputPath) ? options.InputPath : Path.GetFileName(options.InputPath);
    }

    /// <summary>With <see cref="LabelJobOptions.Resume"/>, throws unless there is a journal to resume.</summary>
    internal static void CheckResumable(LabelJobOptions options)
    {
        if (!options.Resume)
            return;
        if (options.JournalPath is not { } path)
            throw new ArgumentException("resuming needs a journal: set the journal path", nameof(options));
        if (options.FreshJournal)
            throw new ArgumentException("resuming and starting over contradict each other: a fresh job deletes the journal a resumed one continues", nameof(options));
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new RunJournalException(full, RunJournalProblem.Missing, $"there is no journal to resume at {full}");
    }
}

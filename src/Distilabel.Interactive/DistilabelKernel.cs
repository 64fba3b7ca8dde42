using Distilabel.Compiler;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Batch;
using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Recipes;
using Distilabel.Rendering;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive;

/// <summary>
/// The <c>#!distilabel</c> kernel: a cell that starts with the line <c>#!distilabel</c>, then
/// <c>label --task … --input … --output … --llm …</c> or <c>run RECIPE --input … --output …</c> (the command line's
/// commands and options; a line may go on after a <c>\</c>,
/// <c>${NAME:-default}</c> reads an environment variable) runs the library's one-call job
/// (<see cref="LabelJob.RunAsync(LlmTaskDefinition, LlmSettings, LabelJobOptions, PipelineOptions?, JobHooks?, CancellationToken, CancellationToken)"/>
/// or <see cref="RecipeJob"/>)
/// with the journal and the response cache where the command line keeps them, shows live progress in the cell and,
/// at the end, the labelled dataset. A task is a built-in one or one a <c>#!llm-task</c> cell declared.
/// </summary>
public sealed class DistilabelKernel : Kernel, IKernelCommandHandler<SubmitCode>
{
    /// <summary>The kernel name, hence the cell magic <c>#!distilabel</c>.</summary>
    public const string DefaultName = "distilabel";

    /// <summary>Rows the preview at the end shows.</summary>
    public const int PreviewRows = 20;

    /// <summary>Creates the kernel.</summary>
    public DistilabelKernel(string name = DefaultName)
        : base(name)
    {
        KernelInfo.DisplayName = "Distilabel jobs (the command line's label and run, in a cell)";
        KernelInfo.Description = "Runs 'label --task … --input … --output … --llm …' or 'run RECIPE --input … --output …' with live progress, then shows the resulting dataset.";
    }

    /// <inheritdoc />
    async Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        CellJob job;
        try
        {
            job = Parse(command.Code);
        }
        catch (Exception e) when (e is FormatException or TaskParameterException)
        {
            context.Fail(command, null, "#!distilabel: " + e.Message);
            return;
        }

        var display = DistilabelDisplay.Progress(null, job.Title);
        var hooks = new JobHooks
        {
            Started = title => display.Update(display.Current with { Title = title }),
            Progress = display,
            Warning = warning => KernelInvocationContextExtensions.Display(context, warning, PlainTextFormatter.MimeType),
        };
        // A line of its own for what is not row progress (the batches' progress on the server), updated in place.
        DisplayedValue? note = null;
        void Note(string text)
        {
            if (note is null)
                note = KernelInvocationContextExtensions.Display(context, text, PlainTextFormatter.MimeType);
            else
                note.Update(text);
        }

        JobReport? finished;
        try
        {
            finished = await job.RunAsync(hooks, Note, context.CancellationToken);
        }
        catch (Exception e) when (IsUserError(e))
        {
            context.Fail(command, null, "#!distilabel: " + Describe(e));
            return;
        }

        if (finished is not { } report)
        {
            KernelInvocationContextExtensions.Display(context, "The batches are running on the server: run this cell again to collect them (without --batch-no-wait it waits for them).", PlainTextFormatter.MimeType);
            return;
        }

        var result = report.Result;
        var output = job.Options.OutputPath;
        if (report.Status == JobStatus.Interrupted)
        {
            context.Fail(command, null, $"#!distilabel: interrupted after {result.Rows} rows: {output} was not written; run the cell again to resume from the journal.");
            return;
        }

        var rows = await DatasetFiles.ReadAsync(output, cancellationToken: context.CancellationToken).Take(PreviewRows).ToDataFrameAsync(context.CancellationToken);
        KernelInvocationContextExtensions.Display(context, new HtmlString(HtmlRenderer.Dataset(rows, job.Task)), HtmlFormatter.MimeType);
        var failed = result.Failed > 0 ? $", {result.Failed} failed (see the {report.ErrorColumns}; --retry-failed asks them again)" : "";
        var resumed = result.RowsFromJournal > 0 ? $", {result.RowsFromJournal} from the journal" : "";
        KernelInvocationContextExtensions.Display(context, $"{result.Succeeded} of {result.Rows} rows {job.Verb}{failed}{resumed} → {Path.GetFullPath(output)}", PlainTextFormatter.MimeType);
    }

    /// <summary>The cell's command (<c>label …</c> or <c>run RECIPE …</c>) as a job to run.</summary>
    private static CellJob Parse(string code)
    {
        var words = MagicWords.Split(code);
        switch (words.FirstOrDefault())
        {
            case "label":
            {
                var magic = LabelMagic.Parse(words.Skip(1).ToList());
                var task = FindTask(magic.Task, Environment.CurrentDirectory)
                    ?? throw new FormatException($"--task: unknown task '{magic.Task}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))} (declare one in a #!llm-task cell, or name a .cs file).");
                if (magic.TaskParameters.Count > 0)
                    task = task.WithParameters(magic.TaskParameters);
                return new CellJob(
                    $"Labelling {LabelJob.InputName(magic.Job)} with {task.Descriptor.Name}",
                    "labelled",
                    magic.Job,
                    task.Descriptor,
                    magic.Batch is { } batch
                        ? (hooks, note, abort) => BatchAsync(task, magic, batch, hooks, note, abort)
                        : (hooks, _, abort) => LabelJob.RunAsync(task, magic.Llm, magic.Job, magic.Pipeline, hooks, abortToken: abort)!);
            }

            case "run":
            {
                var magic = RecipeMagic.Parse(words.Skip(1).ToList());
                if (!File.Exists(magic.RecipePath))
                    throw new FormatException($"recipe file not found: {magic.RecipePath}");
                return new CellJob(
                    $"Running {Path.GetFileName(magic.RecipePath)} on {LabelJob.InputName(magic.Job)}",
                    "written",
                    magic.Job,
                    null,
                    (hooks, _, abort) => RecipeJob.RunAsync(magic.RecipePath, magic.Job, FindTask, hooks, abortToken: abort)!);
            }

            default:
                throw new FormatException("expected 'label' or 'run' and its options on the lines after #!distilabel, e.g. label --task helpsteer --input in.jsonl --output out.jsonl --llm llamacpp --model model.gguf, or run recipe.yaml --input in.jsonl --output out.jsonl");
        }
    }

    /// <summary>The label job through the OpenAI Batch API: its report once collected, null while the batches run.</summary>
    private static async Task<JobReport?> BatchAsync(LlmTaskDefinition task, LabelMagic magic, BatchOptions batch, JobHooks hooks, Action<string> note, CancellationToken abort)
    {
        var progress = new Progress<BatchProgress>(p => note("batch: " + p));
        var report = await BatchLabelJob.RunAsync(task, magic.Llm, magic.Job, batch with { Progress = progress }, magic.Pipeline, hooks, abortToken: abort);
        return report.Job;
    }

    /// <summary>A task by name: a C# file (relative to <paramref name="folder"/>, compiled with the generator), or a
    /// <c>#!llm-task</c> cell's or a built-in task; null when no task has that name.</summary>
    private static LlmTaskDefinition? FindTask(string task, string folder)
    {
        if (!task.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            return LlmTaskRegistry.Find(task);
        var path = Path.Combine(folder, task);
        if (!File.Exists(path))
            throw new FormatException($"task file not found: {path}");
        var tasks = TaskFile.Load(path);
        return tasks.Count == 1 ? tasks[0] : throw new FormatException($"{task} declares {tasks.Count} tasks ({string.Join(", ", tasks.Select(t => t.Descriptor.Name))}); declare one task per file");
    }

    /// <summary>A parsed cell: what its progress says first, the verb of its last line, its options, the task its preview shows, and the job.</summary>
    /// <remarks>The job gets a line to write notes to (batch progress); it returns null when its batches still run.</remarks>
    private sealed record CellJob(string Title, string Verb, LabelJobOptions Options, LlmTaskDescriptor? Task, Func<JobHooks, Action<string>, CancellationToken, Task<JobReport?>> RunAsync);

    private static bool IsUserError(Exception e) => e is IOException or LlmConfigurationException or BatchFailedException or BatchServiceException or DatasetFormatException or PipelineAbortedException
        or TaskInputException or RecipeException or TaskFileException or FormatException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    /// <summary>One line naming the option to change, as the command line says it.</summary>
    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException { FileName: { } file } => $"--input: file not found: {file}",
        RunJournalException { Problem: RunJournalProblem.Missing } journal => $"{journal.Message}; run without --resume to start one.",
        RunJournalException { CanStartOver: true } journal => $"{journal.Message}; use --journal to choose another or --fresh to start over.",
        RunJournalException journal => $"{journal.Message}; use --journal to choose another.",
        LlmConfigurationException { Setting: nameof(LlmSettings.Model) } llm => $"{llm.Message} (--model)",
        LlmConfigurationException { Setting: nameof(LlmSettings.BaseUrl) } llm => $"{llm.Message} (--base-url)",
        _ => e.Message,
    };
}

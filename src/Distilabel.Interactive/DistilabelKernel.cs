using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Rendering;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive;

/// <summary>
/// The <c>#!distilabel</c> kernel: a cell that starts with the line <c>#!distilabel</c>, then
/// <c>label --task … --input … --output … --llm …</c> (the command line's options; a line may go on after a <c>\</c>,
/// <c>${NAME:-default}</c> reads an environment variable) runs the library's one-call job
/// (<see cref="LabelJob.RunAsync(LlmTaskDefinition, LlmSettings, LabelJobOptions, PipelineOptions?, JobHooks?, CancellationToken, CancellationToken)"/>)
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
        KernelInfo.DisplayName = "Distilabel jobs (the command line's label, in a cell)";
        KernelInfo.Description = "Runs 'label --task … --input … --output … --llm …' with live progress, then shows the labelled dataset.";
    }

    /// <inheritdoc />
    async Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        LabelMagic magic;
        LlmTaskDefinition task;
        try
        {
            var words = MagicWords.Split(command.Code);
            if (words.Count == 0 || words[0] != "label")
                throw new FormatException("expected 'label' and its options on the lines after #!distilabel, e.g. label --task helpsteer --input in.jsonl --output out.jsonl --llm llamacpp --model model.gguf");
            magic = LabelMagic.Parse(words.Skip(1).ToList());
            task = LlmTaskRegistry.Find(magic.Task)
                ?? throw new FormatException($"--task: unknown task '{magic.Task}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))} (declare one in a #!llm-task cell).");
            if (magic.TaskParameters.Count > 0)
                task = task.WithParameters(magic.TaskParameters);
        }
        catch (Exception e) when (e is FormatException or TaskParameterException)
        {
            context.Fail(command, null, "#!distilabel: " + e.Message);
            return;
        }

        var display = DistilabelDisplay.Progress(null, $"Labelling {LabelJob.InputName(magic.Job)} with {task.Descriptor.Name}");
        var hooks = new JobHooks
        {
            Started = title => display.Update(display.Current with { Title = title }),
            Progress = display,
            Warning = warning => KernelInvocationContextExtensions.Display(context, warning, PlainTextFormatter.MimeType),
        };
        JobReport report;
        try
        {
            report = await LabelJob.RunAsync(task, magic.Llm, magic.Job, magic.Pipeline, hooks, abortToken: context.CancellationToken);
        }
        catch (Exception e) when (IsUserError(e))
        {
            context.Fail(command, null, "#!distilabel: " + Describe(e));
            return;
        }

        var result = report.Result;
        if (report.Status == JobStatus.Interrupted)
        {
            context.Fail(command, null, $"#!distilabel: interrupted after {result.Rows} rows: {magic.Job.OutputPath} was not written; run the cell again to resume from the journal.");
            return;
        }

        var rows = await DatasetFiles.ReadAsync(magic.Job.OutputPath, cancellationToken: context.CancellationToken).Take(PreviewRows).ToDataFrameAsync(context.CancellationToken);
        KernelInvocationContextExtensions.Display(context, new HtmlString(HtmlRenderer.Dataset(rows, task.Descriptor)), HtmlFormatter.MimeType);
        var failed = result.Failed > 0 ? $", {result.Failed} failed (see the {report.ErrorColumns}; --retry-failed asks them again)" : "";
        var resumed = result.RowsFromJournal > 0 ? $", {result.RowsFromJournal} from the journal" : "";
        KernelInvocationContextExtensions.Display(context, $"{result.Succeeded} of {result.Rows} rows labelled{failed}{resumed} → {Path.GetFullPath(magic.Job.OutputPath)}", PlainTextFormatter.MimeType);
    }

    private static bool IsUserError(Exception e) => e is IOException or LlmConfigurationException or DatasetFormatException or PipelineAbortedException
        or TaskInputException or UnauthorizedAccessException or ArgumentException or NotSupportedException
        || e.GetType().FullName == ModelDownloadError; // the engine's package is optional here: matched by name

    private const string ModelDownloadError = "Distilabel.LlamaCpp.ModelDownloadException";

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

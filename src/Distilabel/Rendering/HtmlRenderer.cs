using Distilabel.Argilla.Agreement;
using Distilabel.Pipeline;
using Microsoft.Data.Analysis;

namespace Distilabel.Rendering;

/// <summary>
/// Deterministic HTML for notebooks and reports: inline styles only, no scripts, no ids, no network.
/// Every piece of dataset, LLM and task text is escaped with <see cref="Html.Encode"/>, attributes included.
/// </summary>
public static class HtmlRenderer
{
    /// <summary>
    /// A dataset preview: the first rows (ratings as bars, long text folded, failed rows highlighted with
    /// their error), column types, a distribution chart per rating computed over every row, and counts.
    /// The rows are read once.
    /// </summary>
    /// <param name="rows">The rows (column name → value).</param>
    /// <param name="task">The task whose outputs the rows hold: tells which columns are ratings and their range.</param>
    /// <param name="options">Rows shown, text length, error column.</param>
    public static string Dataset(IEnumerable<IReadOnlyDictionary<string, object?>> rows, LlmTaskDescriptor? task = null, DatasetPreviewOptions? options = null)
        => DatasetRenderer.Render(rows, null, task, options ?? DatasetPreviewOptions.Default);

    /// <summary>A dataset preview of a <see cref="DataFrame"/> (column types from the frame).</summary>
    public static string Dataset(DataFrame frame, LlmTaskDescriptor? task = null, DatasetPreviewOptions? options = null)
        => DatasetRenderer.Render(frame, task, options ?? DatasetPreviewOptions.Default);

    /// <summary>A dataset preview of a <see cref="LabelledDataset"/>.</summary>
    public static string Dataset(LabelledDataset dataset, DatasetPreviewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return DatasetRenderer.Render(dataset.Rows, null, dataset.Task, options ?? DatasetPreviewOptions.Default);
    }

    /// <summary>A task: name, description, guidelines, inputs, outputs (kind, range) and its system prompt.</summary>
    public static string Task(LlmTaskDescriptor descriptor) => TaskRenderer.Render(descriptor, null, null);

    /// <summary>
    /// A task, and the exact chat (system and user messages) it sends for <paramref name="sampleRow"/>;
    /// without a row, the system prompt. A row that does not fit the task shows the reason.
    /// </summary>
    public static string Task(LlmTaskDefinition task, IReadOnlyDictionary<string, object?>? sampleRow = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        return TaskRenderer.Render(task.Descriptor, task, sampleRow);
    }

    /// <summary>A progress display: bar, rows done/failed/total, rows/s, ETA, tokens in/out.</summary>
    public static string Progress(PipelineProgress view) => ProgressRenderer.Render(view);

    /// <summary>The outcome of an Argilla push: dataset, workspace, link (http/https only), counts, errors.</summary>
    public static string ArgillaPush(ArgillaPushSummary summary) => ArgillaPushRenderer.Render(summary);

    /// <summary>AI-versus-human agreement per rating: pairs, exact, within ±1, mean |Δ|, quadratic κ, Spearman ρ.</summary>
    public static string Agreement(AgreementReport report) => AgreementRenderer.Render(report);

    /// <summary>Compiler or generator diagnostics as a table (id, severity, line, message).</summary>
    public static string Diagnostics(IEnumerable<CompilerDiagnosticView> diagnostics, string? title = null)
        => DiagnosticsRenderer.Render(diagnostics, title);
}

using Distilabel.Argilla.Agreement;
using Distilabel.Pipeline;
using Distilabel.Rendering;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive;

/// <summary>
/// Registers the HTML formatters of Distilabel types with .NET Interactive. All drawing is done by
/// <see cref="HtmlRenderer"/> in the core library; this only connects it to the notebook.
/// </summary>
public static class DistilabelFormatters
{
    /// <summary>The types that get an HTML view.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(LlmTaskDefinition),
        typeof(LlmTaskDescriptor),
        typeof(LabelledDataset),
        typeof(DataFrame),
        typeof(PipelineProgress),
        typeof(ArgillaPushSummary),
        typeof(AgreementReport),
    ];

    /// <summary>
    /// Registers the formatters (process-wide, as every .NET Interactive formatter). A
    /// <see cref="LabelledDataset"/> without a task, and a <see cref="DataFrame"/>, are drawn with the registered
    /// task whose columns they hold (see <see cref="LabelledDataset.InferTask"/>), so ratings show as bars.
    /// </summary>
    public static void Register()
    {
        Register<LlmTaskDefinition>(task => HtmlRenderer.Task(task));
        Register<LlmTaskDescriptor>(HtmlRenderer.Task);
        Register<LabelledDataset>(dataset => HtmlRenderer.Dataset(
            dataset.Task is null ? new LabelledDataset(dataset.Rows, LabelledDataset.InferTask(dataset.Rows.SelectMany(r => r.Keys).Distinct())) : dataset));
        Register<DataFrame>(frame => HtmlRenderer.Dataset(frame, LabelledDataset.InferTask(frame.Columns.Select(c => c.Name))));
        Register<PipelineProgress>(HtmlRenderer.Progress);
        Register<ArgillaPushSummary>(HtmlRenderer.ArgillaPush);
        Register<AgreementReport>(HtmlRenderer.Agreement);
    }

    private static void Register<T>(Func<T, string> render)
    {
        Action<T, TextWriter> write = (value, writer) => writer.Write(render(value));
        Formatter.Register(write, HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }
}

using Distilabel.Pipeline;
using Distilabel.Rendering;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive;

/// <summary>Live displays for notebook cells.</summary>
public static class DistilabelDisplay
{
    /// <summary>
    /// Shows a progress display in the running cell and returns it; call <see cref="ProgressDisplay.Update"/>
    /// (or pass it as an <see cref="IProgress{T}"/>) and the same output is redrawn in place.
    /// Outside a notebook cell the display only keeps the latest view.
    /// </summary>
    public static ProgressDisplay Progress(PipelineProgress? initial = null)
        => new(KernelInvocationContext.Current, initial ?? new PipelineProgress(null, 0, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A progress display for <paramref name="total"/> rows (null when unknown), titled <paramref name="title"/>.</summary>
    public static ProgressDisplay Progress(long? total, string? title = null)
        => Progress(new PipelineProgress(total, 0, 0, 0, 0, TimeSpan.Zero, title));
}

/// <summary>A progress display shown once and redrawn in place on each update. Thread-safe.</summary>
public sealed class ProgressDisplay : IProgress<PipelineProgress>
{
    private readonly object _gate = new();
    private readonly DisplayedValue? _displayed;
    private string _html;

    internal ProgressDisplay(KernelInvocationContext? context, PipelineProgress initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        Current = initial;
        _html = HtmlRenderer.Progress(initial);
        if (context is not null)
            _displayed = KernelInvocationContextExtensions.Display(context, new HtmlString(_html), HtmlFormatter.MimeType);
    }

    /// <summary>The latest view.</summary>
    public PipelineProgress Current { get; private set; }

    /// <summary>True when the display is shown in a notebook cell.</summary>
    public bool IsDisplayed => _displayed is not null;

    /// <summary>The HTML of the latest view.</summary>
    public string Html
    {
        get
        {
            lock (_gate)
                return _html;
        }
    }

    /// <summary>Redraws the display with <paramref name="view"/> (nothing is sent when the HTML did not change).</summary>
    public void Update(PipelineProgress view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = HtmlRenderer.Progress(view);
        lock (_gate)
        {
            Current = view;
            if (html == _html)
                return;
            _html = html;
            _displayed?.Update(new HtmlString(html));
        }
    }

    /// <summary>Pass the display straight to a pipeline: each report redraws it (on the pipeline's thread, in order),
    /// keeping the display's title when the report has none.</summary>
    void IProgress<PipelineProgress>.Report(PipelineProgress value) => Update(value.Title is null ? value with { Title = Current.Title } : value);
}

namespace Distilabel.Rendering;

/// <summary>
/// Rows with the task that labelled them: what a notebook displays as a dataset preview (ratings drawn as
/// bars, a distribution per rating, failed rows highlighted). Rows are dictionaries of column name to value
/// (string, long, int, double, bool, null or a list of strings).
/// </summary>
public sealed class LabelledDataset
{
    /// <summary>Wraps <paramref name="rows"/> (read once, kept as a list).</summary>
    /// <param name="rows">The dataset rows.</param>
    /// <param name="task">The task whose outputs are in the rows (tells which columns are ratings and their range), if known.</param>
    public LabelledDataset(IEnumerable<IReadOnlyDictionary<string, object?>> rows, LlmTaskDescriptor? task = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows as IReadOnlyList<IReadOnlyDictionary<string, object?>> ?? rows.ToArray();
        Task = task;
    }

    /// <summary>The rows.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows { get; }

    /// <summary>The task whose outputs the rows hold, or null.</summary>
    public LlmTaskDescriptor? Task { get; }

    /// <summary>Rows labelled by <typeparamref name="TTask"/>.</summary>
    public static LabelledDataset Of<TTask>(IEnumerable<IReadOnlyDictionary<string, object?>> rows) where TTask : ILlmTask<TTask>
        => new(rows, TTask.Descriptor);

    /// <summary>
    /// The registered task (see <see cref="LlmTaskRegistry"/>) whose input and output columns are all among
    /// <paramref name="columns"/>, preferring the one with the most columns, then by name; null when none fits.
    /// </summary>
    public static LlmTaskDescriptor? InferTask(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var present = new HashSet<string>(columns, StringComparer.Ordinal);
        return LlmTaskRegistry.All
            .Select(t => t.Descriptor)
            .Where(d => d.Outputs.Count > 0
                        && d.Inputs.All(i => present.Contains(i.Name))
                        && d.Outputs.All(o => present.Contains(o.Name)))
            .OrderByDescending(d => d.Inputs.Count + d.Outputs.Count)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The HTML preview (see <see cref="HtmlRenderer.Dataset(IEnumerable{IReadOnlyDictionary{string, object?}}, LlmTaskDescriptor?, DatasetPreviewOptions?)"/>).</summary>
    public string ToHtml(DatasetPreviewOptions? options = null) => HtmlRenderer.Dataset(Rows, Task, options);

    /// <inheritdoc />
    public override string ToString() => Task is null ? $"{Rows.Count} rows" : $"{Rows.Count} rows labelled by {Task.Name}";
}

using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Distilabel.Pipeline;
using Distilabel.Rendering;

namespace Distilabel.Argilla;

/// <summary>Labelled rows to Argilla: <c>labelled.ToArgilla(task)</c>, then <c>PushToArgillaAsync</c>.</summary>
public static partial class ArgillaDatasetExtensions
{
    /// <summary>The metadata key holding the task name (a pull restores the task's scale from it).</summary>
    public const string TaskMetadataKey = "distilabel_task";

    /// <summary>The metadata key holding the labelling model.</summary>
    public const string ModelMetadataKey = "labelling_model";

    /// <summary>
    /// The Argilla dataset of rows labelled by <paramref name="task"/>: the task's settings, and per row a record with the
    /// inputs as fields, the outputs as suggestions (ratings shifted onto Argilla's scale; agent = the row's
    /// <c>labelling_model</c>), a stable external id (see <see cref="ArgillaRecordIds"/>) and the task and model in its metadata.
    /// Rows stream: nothing is kept but 16 bytes per distinct input.
    /// </summary>
    public static ArgillaDataset ToArgilla(this IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows, LlmTaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(task);
        return new ArgillaDataset(task.ArgillaSettings, RecordsAsync(rows, task), task.Descriptor.Name);
    }

    /// <summary>The Argilla dataset of in-memory rows labelled by <paramref name="task"/>.</summary>
    public static ArgillaDataset ToArgilla(this IEnumerable<IReadOnlyDictionary<string, object?>> rows, LlmTaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.ToAsyncEnumerable().ToArgilla(task);
    }

    /// <summary>The Argilla dataset of a pipeline's output rows.</summary>
    public static ArgillaDataset ToArgilla(this IEnumerable<LabelledRow> rows, LlmTaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => r.Values).ToArgilla(task);
    }

    /// <summary>The Argilla dataset of a labelled dataset (its task unless <paramref name="task"/> says otherwise).</summary>
    public static ArgillaDataset ToArgilla(this LabelledDataset dataset, LlmTaskDefinition? task = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        task ??= dataset.Task is { } descriptor ? LlmTaskRegistry.Find(descriptor.Name) : null;
        return dataset.Rows.ToArgilla(task ?? throw new ArgumentException("The dataset does not say which task labelled it; pass the task.", nameof(task)));
    }

    /// <summary>Creates (or, with <see cref="ArgillaIfExists.Update"/>, updates) the dataset <paramref name="name"/> in
    /// <paramref name="workspace"/> and sends the records: <c>await labelled.ToArgilla(task).PushToArgillaAsync(client, "HelpSteer-AIF", "admin")</c>.</summary>
    public static Task<ArgillaPushSummary> PushToArgillaAsync(this ArgillaDataset dataset, ArgillaClient client, string name, string workspace, ArgillaPushOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PushAsync(dataset, name, workspace, options, cancellationToken);
    }

    private static async IAsyncEnumerable<ArgillaRecord> RecordsAsync(IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows, LlmTaskDefinition task, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ids = new ArgillaRecordIds();
        var fieldOrder = task.ArgillaSettings.Fields.Select(f => f.Name).ToArray();
        var taskName = task.Descriptor.Name;
        var number = 0L;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            number++;
            ArgillaRecord record;
            try
            {
                record = task.ToArgillaRecord(task.FromRow(row));
            }
            catch (TaskInputException e)
            {
                throw new ArgillaException($"Row {number} cannot become an Argilla record: {e.Message}.", innerException: e);
            }

            var model = row.TryGetValue(ColumnNames.LabellingModel, out var m) && m is string s && !string.IsNullOrWhiteSpace(s) ? s : null;
            var agent = model is null ? null : Agent(model);
            var fields = fieldOrder.Select(f => new KeyValuePair<string, string>(f, record.Fields.TryGetValue(f, out var v) ? v : "")).ToArray();
            var metadata = new Dictionary<string, object?>(2) { [TaskMetadataKey] = taskName };
            if (model is not null)
                metadata[ModelMetadataKey] = model;
            yield return record with
            {
                Suggestions = agent is null ? record.Suggestions : record.Suggestions.Select(x => x with { Agent = agent }).ToArray(),
                ExternalId = ids.Next(fields),
                Metadata = metadata,
            };
        }
    }

    /// <summary>A model name as Argilla accepts an agent: letters, digits, <c>-_:./</c> and spaces, at most 200 characters.</summary>
    internal static string Agent(string model)
    {
        var cleaned = AgentForbidden().Replace(model.Trim(), "-");
        if (cleaned.Length > 200)
            cleaned = cleaned[..200];
        return cleaned.Any(char.IsAsciiLetterOrDigit) ? cleaned : "model";
    }

    [GeneratedRegex(@"[^a-zA-Z0-9\-_:\./\s]")]
    private static partial Regex AgentForbidden();
}

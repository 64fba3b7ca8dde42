using System.Globalization;
using Distilabel.Data;
using Distilabel.Pipeline;

namespace Distilabel.Argilla;

/// <summary>Turns reviewed Argilla records into dataset rows of a task (see <see cref="ArgillaPulledDataset"/>).</summary>
internal static class ArgillaPulledRows
{
    /// <summary>The task a record names in its metadata, or null.</summary>
    public static string? TaskName(ArgillaRecord record)
        => record.Metadata?.GetValueOrDefault(ArgillaDatasetExtensions.TaskMetadataKey) as string;

    /// <summary>The task: the one asked for, else the one the first record names.</summary>
    public static LlmTaskDefinition ResolveTask(LlmTaskDefinition? requested, ArgillaRecord? first, string dataset)
    {
        if (requested is not null)
            return requested;
        var name = first is null ? null : TaskName(first);
        if (name is null)
        {
            throw new ArgillaException(
                $"Argilla dataset '{dataset}' does not say which task labelled it (its records have no '{ArgillaDatasetExtensions.TaskMetadataKey}' metadata); name the task.",
                dataset: dataset);
        }

        return LlmTaskRegistry.Find(name)
            ?? throw new ArgillaException(
                $"Argilla dataset '{dataset}' was labelled by the task '{name}', which is not registered here (known: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))}); register it or name another task.",
                dataset: dataset);
    }

    public static Row ToRow(ArgillaRecord record, LlmTaskDefinition task)
    {
        var descriptor = task.Descriptor;
        var questions = task.ArgillaSettings.Questions.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var row = new Row(descriptor.Inputs.Count + descriptor.Outputs.Count * 3 + 1);
        foreach (var input in descriptor.Inputs)
            row.Add(input.Name, record.Fields.TryGetValue(input.Name, out var text) ? InputValue(text, input.Type) : null);

        foreach (var output in descriptor.Outputs)
        {
            questions.TryGetValue(output.Name, out var question);
            var suggestion = record.Suggestions.FirstOrDefault(s => s.QuestionName == output.Name);
            var answers = (record.Responses ?? []).Where(r => r.QuestionName == output.Name).ToList();
            if (question is ArgillaRatingQuestion rating)
            {
                row.Add(output.Name, suggestion?.Value is int ai ? (long?)rating.ToTaskValue(ai) : null);
                var values = answers.Select(a => a.Value is int v ? rating.ToTaskValue(v) : null).OfType<int>().ToList();
                row.Add(output.Name + ArgillaPulledDataset.HumanSuffix, Majority(values));
                row.Add(output.Name + ArgillaPulledDataset.HumanCountSuffix, (long)values.Count);
            }
            else
            {
                row.Add(output.Name, suggestion?.Value as string);
                var texts = answers.Select(a => a.Value as string).OfType<string>().ToList();
                row.Add(output.Name + ArgillaPulledDataset.HumanSuffix, texts.GroupBy(t => t, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault());
                row.Add(output.Name + ArgillaPulledDataset.HumanCountSuffix, (long)texts.Count);
            }
        }

        row.Add(ColumnNames.LabellingModel, record.Metadata?.GetValueOrDefault(ArgillaDatasetExtensions.ModelMetadataKey) as string
            ?? record.Suggestions.Select(s => s.Agent).FirstOrDefault(a => a is not null));
        return row;
    }

    /// <summary>The most frequent value; a tie goes to the lower value; none gives null.</summary>
    internal static long? Majority(IReadOnlyCollection<int> values)
        => values.Count == 0 ? null : values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    private static object? InputValue(string text, LlmValueType type) => type switch
    {
        LlmValueType.Int32 or LlmValueType.Int64 when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        LlmValueType.Double when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        LlmValueType.Boolean when bool.TryParse(text, out var b) => b,
        _ => text,
    };
}

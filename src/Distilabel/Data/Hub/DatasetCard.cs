using System.Globalization;
using System.Text;

namespace Distilabel.Data.Hub;

/// <summary>
/// The README of a pushed dataset: YAML front matter (<c>configs</c>/<c>data_files</c>, <c>dataset_info.features</c>,
/// the license when given, <c>task_categories</c>, tags <c>synthetic</c>, <c>distilabel</c>, <c>ai-feedback</c>) and a
/// body saying how the data was made (from <see cref="RunFacts"/>: task, prompt, outputs and scales, model, options,
/// counts, a distribution per rating) and how to load it with <c>datasets.load_dataset</c>.
/// </summary>
public static class DatasetCard
{
    /// <summary>Builds the card. <paramref name="features"/>: column → <c>datasets</c> feature (as YAML lines);
    /// <paramref name="ratings"/>: rating column → value → count.</summary>
    public static string Build(
        string repoId,
        string split,
        IReadOnlyList<KeyValuePair<string, string>> features,
        long rows,
        RunFacts? facts,
        string? license,
        IReadOnlyDictionary<string, SortedDictionary<string, long>> ratings)
    {
        var yaml = new StringBuilder("---\n");
        if (license is not null)
            yaml.Append("license: ").Append(license).Append('\n');
        yaml.Append("task_categories:\n- text-generation\n");
        yaml.Append("tags:\n- synthetic\n- distilabel\n- ai-feedback\n");
        yaml.Append("size_categories:\n- ").Append(SizeCategory(rows)).Append('\n');
        yaml.Append("configs:\n- config_name: default\n  data_files:\n  - split: ").Append(split).Append("\n    path: data/").Append(split).Append("-*\n");
        yaml.Append("dataset_info:\n  features:\n");
        foreach (var (column, feature) in features)
            yaml.Append("  - name: ").Append(Quote(column)).Append('\n').Append(feature);
        yaml.Append("  splits:\n  - name: ").Append(split).Append("\n    num_examples: ").Append(rows.ToString(CultureInfo.InvariantCulture)).Append('\n');
        yaml.Append("---\n\n");

        var body = new StringBuilder();
        var name = repoId[(repoId.IndexOf('/') + 1)..];
        body.Append("# ").Append(name).Append("\n\n");
        if (facts is null)
        {
            body.Append("A dataset of ").Append(rows.ToString("N0", CultureInfo.InvariantCulture)).Append(" rows pushed with Distilabel.NET.\n\n");
        }
        else
        {
            body.Append("This dataset was labelled with AI feedback by Distilabel.NET (the .NET twin of distilabel): the task `")
                .Append(facts.Task).Append("` asked the model `").Append(facts.Model).Append("` to rate each row")
                .Append(facts.Source is null ? "" : $" of `{facts.Source}`").Append(".\n\n");
            body.Append("## How it was made\n\n");
            body.Append("- Task: `").Append(facts.Task).Append("` (prompt fingerprint `").Append(facts.PromptFingerprint).Append("`)\n");
            body.Append("- Inputs: ").Append(string.Join(", ", facts.Inputs.Select(i => $"`{i}`"))).Append('\n');
            body.Append("- Model: `").Append(facts.Model).Append("`\n");
            body.Append("- Generation options: ").Append(string.Join(", ", facts.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} = `{o.Value}`"))).Append('\n');
            body.Append("- Rows: ").Append(facts.Rows.ToString("N0", CultureInfo.InvariantCulture)).Append(" (")
                .Append(facts.Labelled.ToString("N0", CultureInfo.InvariantCulture)).Append(" labelled, ")
                .Append(facts.Failed.ToString("N0", CultureInfo.InvariantCulture)).Append(" failed: see `labelling_error`)\n\n");
            body.Append("### Outputs\n\n| column | kind | scale | description |\n|---|---|---|---|\n");
            foreach (var output in facts.Outputs)
            {
                body.Append("| `").Append(output.Name).Append("` | ").Append(output.Kind).Append(" | ")
                    .Append(output.Min is { } min && output.Max is { } max ? $"{min}–{max}" : "").Append(" | ")
                    .Append(Cell(output.Description)).Append(" |\n");
            }

            body.Append("\nBookkeeping columns: `labelling_model`, `raw_labelling_response` (the model's answer) and `labelling_error` (null when the row was labelled).\n\n");
            body.Append("### Prompt\n\n```text\n").Append(facts.Prompt.Replace("```", "`\u200b``", StringComparison.Ordinal)).Append("\n```\n\n");
        }

        if (ratings.Count > 0)
        {
            body.Append("### Ratings\n\n");
            foreach (var (column, counts) in ratings)
            {
                body.Append("`").Append(column).Append("`:\n\n| value | rows |\n|---|---:|\n");
                foreach (var (value, count) in counts)
                    body.Append("| ").Append(value).Append(" | ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
                body.Append('\n');
            }
        }

        body.Append("## Load it\n\n```python\nfrom datasets import load_dataset\n\nds = load_dataset(\"").Append(repoId).Append("\", split=\"").Append(split).Append("\")\n```\n\n");
        body.Append("In .NET: `HubDatasets.LoadAsync(\"").Append(repoId).Append("\", \"").Append(split).Append("\")`, or `distilabel label --input hf://datasets/").Append(repoId).Append(" …`.\n");
        return yaml.Append(body).ToString();
    }

    /// <summary>A <c>datasets</c> feature for a column of normalised values (the first non-null value decides).</summary>
    public static string Feature(object? sample) => sample switch
    {
        string => "    dtype: string\n",
        long => "    dtype: int64\n",
        double => "    dtype: float64\n",
        bool => "    dtype: bool\n",
        decimal => "    dtype: float64\n",
        IReadOnlyList<string> => "    sequence: string\n",
        IReadOnlyList<long?> => "    sequence: int64\n",
        _ => "    dtype: string\n",
    };

    private static string SizeCategory(long rows) => rows switch
    {
        < 1_000 => "n<1K",
        < 10_000 => "1K<n<10K",
        < 100_000 => "10K<n<100K",
        < 1_000_000 => "100K<n<1M",
        _ => "1M<n<10M",
    };

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

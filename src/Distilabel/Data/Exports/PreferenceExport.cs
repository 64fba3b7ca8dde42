using System.Runtime.CompilerServices;

namespace Distilabel.Data.Exports;

/// <summary>
/// DPO preference pairs from rated generations, as a row stream (it streams unless
/// <see cref="PreferenceExportOptions.GroupByPrompt"/>):
/// <code>
/// var summary = new PreferenceExportSummary();
/// await PreferenceExport.ExportAsync(DatasetFiles.ReadAsync("labelled.parquet"), new PreferenceExportOptions(), summary).WriteToFileAsync("dpo.parquet", PreferenceExport.WriteOptions(PreferenceFormat.Distilabel));
/// </code>
/// Best and worst are the first of equal ratings; null ratings are ignored; a pair needs chosen − rejected ≥ the
/// margin (default: &gt; 0); ratings keep their type (a mean is a double).
/// </summary>
public static class PreferenceExport
{
    /// <summary>Write options that give a format's conversation columns their Parquet type (a list of {role, content}).</summary>
    public static DatasetWriteOptions WriteOptions(PreferenceFormat format) => new()
    {
        SourceSchema = format == PreferenceFormat.Trl ? Conversations.Schema("prompt", "chosen", "rejected") : Conversations.Schema("chosen", "rejected"),
    };

    public static async IAsyncEnumerable<Row> ExportAsync(
        IAsyncEnumerable<Row> rows, PreferenceExportOptions? options = null, PreferenceExportSummary? summary = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new PreferenceExportOptions();
        summary ??= new PreferenceExportSummary();
        var random = new Random(options.Seed);
        await foreach (var (prompt, reason) in RatedPrompts.ReadAsync(rows, options, cancellationToken).ConfigureAwait(false))
        {
            summary.Rows++;
            if (prompt is null)
            {
                summary.Skip(reason!);
                continue;
            }

            var pairs = Pairs(prompt, options, random, out var why);
            if (pairs.Count == 0)
            {
                summary.Skip(why!);
                continue;
            }

            foreach (var (chosen, rejected) in pairs)
            {
                summary.Written++;
                yield return Pair(prompt, prompt.Responses[chosen], prompt.Responses[rejected], options.Format);
            }
        }
    }

    private static List<(int Chosen, int Rejected)> Pairs(RatedPrompt prompt, PreferenceExportOptions options, Random random, out string? why)
    {
        why = null;
        var responses = prompt.Responses;
        if (responses.Count < 2)
        {
            why = responses.Count == 0 && prompt.Unrated == 0 ? "no generations" : "fewer than two rated generations";
            return [];
        }

        bool Enough(int chosen, int rejected)
        {
            var margin = responses[chosen].Value - responses[rejected].Value;
            return options.MinMargin is { } min ? margin >= min : margin > 0;
        }

        var best = prompt.Best();
        var pairs = new List<(int, int)>();
        switch (options.Strategy)
        {
            case PreferenceStrategy.BestVsWorst:
                var worst = prompt.Worst();
                if (best != worst && Enough(best, worst))
                    pairs.Add((best, worst));
                break;
            case PreferenceStrategy.BestVsRandom:
                var lower = Enumerable.Range(0, responses.Count).Where(i => i != best && Enough(best, i)).ToList();
                if (lower.Count > 0)
                    pairs.Add((best, lower[random.Next(lower.Count)]));
                break;
            case PreferenceStrategy.AllPairs:
                for (var i = 0; i < responses.Count; i++)
                {
                    for (var j = 0; j < responses.Count; j++)
                    {
                        if (i != j && responses[i].Value >= responses[j].Value && Enough(i, j) && !(responses[i].Value == responses[j].Value && i > j))
                            pairs.Add((i, j));
                    }
                }

                break;
        }

        if (pairs.Count == 0)
            why = responses.All(r => r.Value == responses[0].Value) ? "all ratings tied" : $"no pair with a margin of at least {options.MinMargin}";
        return pairs;
    }

    private static Row Pair(RatedPrompt prompt, RatedResponse chosen, RatedResponse rejected, PreferenceFormat format)
    {
        var row = new Row();
        if (format == PreferenceFormat.Trl)
        {
            row["prompt"] = Conversations.Prompt(prompt.System, prompt.Prompt);
            row["prompt_id"] = PromptId.Of(prompt.Prompt);
            row["chosen"] = new object?[] { Conversations.Message("assistant", chosen.Text) };
            row["rejected"] = new object?[] { Conversations.Message("assistant", rejected.Text) };
        }
        else
        {
            row["prompt"] = prompt.Prompt;
            row["prompt_id"] = PromptId.Of(prompt.Prompt);
            row["chosen"] = Conversations.Whole(prompt.System, prompt.Prompt, chosen.Text);
            row["rejected"] = Conversations.Whole(prompt.System, prompt.Prompt, rejected.Text);
        }

        row["chosen_model"] = chosen.Model;
        row["chosen_rating"] = chosen.Rating;
        row["rejected_model"] = rejected.Model;
        row["rejected_rating"] = rejected.Rating;
        return InColumnOrder(row);
    }

    private static Row InColumnOrder(Row row)
    {
        string[] order = ["prompt", "prompt_id", "chosen", "chosen_model", "chosen_rating", "rejected", "rejected_model", "rejected_rating"];
        var sorted = new Row(order.Length);
        foreach (var column in order)
            sorted[column] = row[column];
        return sorted;
    }
}

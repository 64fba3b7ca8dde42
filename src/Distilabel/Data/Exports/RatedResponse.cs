namespace Distilabel.Data.Exports;

/// <summary>One response to a prompt with its model and rating (a long, or a double when it is a mean).</summary>
internal sealed record RatedResponse(string Text, string? Model, object Rating)
{
    public double Value => Convert.ToDouble(Rating, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A prompt and its rated responses (nulls left out), from one row or a group of rows.</summary>
internal sealed record RatedPrompt(string Prompt, string? System, List<RatedResponse> Responses, int Unrated)
{
    /// <summary>The first of the highest ratings.</summary>
    public int Best() => Responses.Select((r, i) => (r, i)).Aggregate((a, b) => b.r.Value > a.r.Value ? b : a).i;

    /// <summary>The first of the lowest ratings.</summary>
    public int Worst() => Responses.Select((r, i) => (r, i)).Aggregate((a, b) => b.r.Value < a.r.Value ? b : a).i;
}

/// <summary>Reads prompts and rated responses out of rows, as the options name the columns.</summary>
internal static class RatedPrompts
{
    public static async IAsyncEnumerable<(RatedPrompt? Prompt, string? Reason)> ReadAsync(
        IAsyncEnumerable<Row> rows, PreferenceExportOptions options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? promptColumn = null;
        if (!options.GroupByPrompt)
        {
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (promptColumn is null)
                {
                    promptColumn = PromptColumn(row, options);
                    CheckRatings(row, options);
                }

                yield return FromRow(row, promptColumn, options);
            }

            yield break;
        }

        var groups = new Dictionary<string, (string? System, List<RatedResponse> Responses, int Unrated)>(StringComparer.Ordinal);
        var order = new List<string>();
        long missingPrompt = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (promptColumn is null)
            {
                promptColumn = PromptColumn(row, options);
                CheckRatings(row, options);
            }

            if (row.GetValueOrDefault(promptColumn) is not string prompt)
            {
                missingPrompt++;
                continue;
            }

            if (!groups.TryGetValue(prompt, out var group))
            {
                group = (row.GetValueOrDefault(options.SystemPromptColumn) as string, [], 0);
                order.Add(prompt);
            }

            var rating = Rating(options.RatingColumns.Select(c => row.GetValueOrDefault(c)).ToList());
            if (row.GetValueOrDefault(options.ResponseColumn) is string response && rating is not null)
                group.Responses.Add(new RatedResponse(response, Model(row.GetValueOrDefault(options.ModelsColumn) ?? row.GetValueOrDefault("labelling_model")), rating));
            else
                group.Unrated++;
            groups[prompt] = group;
        }

        for (long i = 0; i < missingPrompt; i++)
            yield return (null, "no prompt");
        foreach (var prompt in order)
        {
            var (system, responses, unrated) = groups[prompt];
            yield return (new RatedPrompt(prompt, system, responses, unrated), null);
        }
    }

    private static (RatedPrompt?, string?) FromRow(Row row, string promptColumn, PreferenceExportOptions options)
    {
        if (row.GetValueOrDefault(promptColumn) is not string prompt)
            return (null, "no prompt");
        if (row.GetValueOrDefault(options.GenerationsColumn) is not System.Collections.IEnumerable generations || generations is string)
            return (null, "no generations");
        var texts = generations.Cast<object?>().ToList();
        var models = row.GetValueOrDefault(options.ModelsColumn) is System.Collections.IEnumerable m and not string ? m.Cast<object?>().ToList() : [];
        var ratingLists = options.RatingColumns
            .Select(c => row.GetValueOrDefault(c) is System.Collections.IEnumerable r and not string ? r.Cast<object?>().ToList() : [])
            .ToList();
        var responses = new List<RatedResponse>();
        var unrated = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var rating = Rating(ratingLists.Select(list => i < list.Count ? list[i] : null).ToList());
            if (texts[i] is string text && rating is not null)
                responses.Add(new RatedResponse(text, i < models.Count ? Model(models[i]) : null, rating));
            else
                unrated++;
        }

        return (new RatedPrompt(prompt, row.GetValueOrDefault(options.SystemPromptColumn) as string, responses, unrated), null);
    }

    /// <summary>One rating: the value itself (its type kept) when one column is named, else the mean of the non-null
    /// values (a double); null when there is none.</summary>
    private static object? Rating(List<object?> values)
    {
        var present = values.Where(v => v is long or double or int or decimal).ToList();
        if (present.Count == 0)
            return null;
        if (values.Count == 1)
            return present[0] is int i ? (long)i : present[0];
        return present.Average(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string? Model(object? value) => value as string;

    private static string PromptColumn(Row row, PreferenceExportOptions options)
    {
        if (options.PromptColumn is { } named)
            return row.ContainsKey(named) ? named : throw new DatasetFormatException("input", $"no column '{named}' (--prompt-column; columns: {Row.DescribeColumns(row.Columns)})", column: named);
        if (row.ContainsKey("instruction"))
            return "instruction";
        if (row.ContainsKey("prompt"))
            return "prompt";
        throw new DatasetFormatException("input", $"no prompt column: neither 'instruction' nor 'prompt' (choose one with --prompt-column; columns: {Row.DescribeColumns(row.Columns)})", column: "instruction");
    }

    private static void CheckRatings(Row row, PreferenceExportOptions options)
    {
        foreach (var column in options.RatingColumns)
        {
            if (!row.ContainsKey(column))
            {
                var candidates = row.Where(c => c.Value is long or double || (c.Value is System.Collections.IEnumerable e and not string && e.Cast<object?>().Any(v => v is long or double))).Select(c => c.Key).ToList();
                throw new DatasetFormatException(
                    "input", $"no rating column '{column}' (--rating-column; columns with ratings: {(candidates.Count == 0 ? "none" : string.Join(", ", candidates))})", column: column);
            }
        }
    }
}

namespace Distilabel.Data.Exports;

/// <summary>Options of <see cref="PreferenceExport"/> (and of <see cref="SftExport"/>, which uses the columns and ratings).</summary>
public sealed record PreferenceExportOptions
{
    /// <summary>The rating columns: one rating per generation each (or one per row with <see cref="GroupByPrompt"/>);
    /// with several, a response's rating is their mean (a double). Default <c>ratings</c>.</summary>
    public IReadOnlyList<string> RatingColumns { get; init; } = ["ratings"];

    /// <summary>Which pairs to make. Default <see cref="PreferenceStrategy.BestVsWorst"/>.</summary>
    public PreferenceStrategy Strategy { get; init; } = PreferenceStrategy.BestVsWorst;

    /// <summary>A pair needs chosen − rejected ≥ this; null (the default) means &gt; 0, so tied ratings give no pair.</summary>
    public double? MinMargin { get; init; }

    /// <summary>The seed of <see cref="PreferenceStrategy.BestVsRandom"/>.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The prompt column; null: <c>instruction</c>, else <c>prompt</c>.</summary>
    public string? PromptColumn { get; init; }

    /// <summary>The output columns' shape. Default <see cref="PreferenceFormat.Distilabel"/>.</summary>
    public PreferenceFormat Format { get; init; } = PreferenceFormat.Distilabel;

    /// <summary>HelpSteer-shaped data (several rows share a prompt, one response each): group rows by prompt first.
    /// Buffers the input (the groups), where the default streams row by row.</summary>
    public bool GroupByPrompt { get; init; }

    /// <summary>With <see cref="GroupByPrompt"/>: the response column. Default <c>response</c>.</summary>
    public string ResponseColumn { get; init; } = "response";

    /// <summary>The generations column (a list of responses). Default <c>generations</c>.</summary>
    public string GenerationsColumn { get; init; } = "generations";

    /// <summary>The models column (one per generation; with <see cref="GroupByPrompt"/> one per row). Default
    /// <c>generation_models</c>; absent means unknown models.</summary>
    public string ModelsColumn { get; init; } = "generation_models";

    /// <summary>A system prompt column, put first in the conversations when the row has it. Default <c>system_prompt</c>.</summary>
    public string SystemPromptColumn { get; init; } = "system_prompt";
}

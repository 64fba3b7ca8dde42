namespace Distilabel.Pipeline;

/// <summary>The bookkeeping columns a pipeline adds, named as in distilabel.</summary>
public static class ColumnNames
{
    /// <summary>The labeller's model name.</summary>
    public const string LabellingModel = "labelling_model";

    /// <summary>The labeller's answer as it came back, whatever it held.</summary>
    public const string RawLabellingResponse = "raw_labelling_response";

    /// <summary>Why the row could not be labelled; null when it was.</summary>
    public const string LabellingError = "labelling_error";

    /// <summary>The generators' responses (a list per row).</summary>
    public const string Generations = "generations";

    /// <summary>The model of each generation.</summary>
    public const string GenerationModels = "generation_models";

    /// <summary>Each generator's answer as it came back.</summary>
    public const string RawGenerationResponses = "raw_generation_responses";
}

namespace Distilabel.Pipeline.Steps;

/// <summary>The bookkeeping columns an LLM step writes: its model, raw answer and error.</summary>
internal sealed record StepColumns(string Model, string Raw, string Error)
{
    /// <summary>distilabel's names, kept by a run's final labelling step.</summary>
    public static readonly StepColumns Labelling = new(ColumnNames.LabellingModel, ColumnNames.RawLabellingResponse, ColumnNames.LabellingError);

    /// <summary>A step's own names: <c>&lt;step&gt;_model</c>, <c>&lt;step&gt;_raw</c>, <c>&lt;step&gt;_error</c>.</summary>
    public static StepColumns Of(string step) => new(step + "_model", step + "_raw", step + "_error");
}

using Distilabel.Data;

namespace Distilabel.Argilla;

/// <summary>
/// A dataset read back from Argilla: the task it was restored to and its rows, one per record (streamed once):
/// the inputs, each output as the AI suggested it (on the task's scale), the annotators' answer beside it as
/// <c>&lt;output&gt;_human</c> (their majority; ties go to the lower rating) and <c>&lt;output&gt;_human_count</c>
/// (how many answered), and <c>labelling_model</c>. Records nobody answered have null <c>_human</c> columns.
/// </summary>
/// <param name="Task">The task whose columns and scale the rows use.</param>
/// <param name="Rows">The rows (enumerate once).</param>
public sealed record ArgillaPulledDataset(LlmTaskDefinition Task, IAsyncEnumerable<Row> Rows)
{
    /// <summary>The suffix of the column holding the annotators' answer to an output.</summary>
    public const string HumanSuffix = "_human";

    /// <summary>The suffix of the column holding how many annotators answered an output.</summary>
    public const string HumanCountSuffix = "_human_count";
}

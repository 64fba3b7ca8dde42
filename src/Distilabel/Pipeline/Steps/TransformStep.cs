using System.Runtime.CompilerServices;

namespace Distilabel.Pipeline.Steps;

/// <summary>A step that reshapes rows without asking an LLM (not journaled: it gives the same rows again on a resumed run).</summary>
internal abstract class TransformStep : FlowStep
{
    public sealed override bool AsksLlm => false;

    /// <summary>The rows one input row becomes, in order.</summary>
    protected abstract IEnumerable<(IReadOnlyDictionary<string, object?> Values, RowError? Failure)> Apply(LabelledRow row);

    public sealed override async IAsyncEnumerable<LabelledRow> ApplyAsync(IAsyncEnumerable<LabelledRow> rows, StepRun run, bool final)
    {
        long index = 0;
        await foreach (var row in rows.ConfigureAwait(false))
        {
            foreach (var (values, failure) in Apply(row))
                yield return new LabelledRow(index++, values, failure);
        }
    }
}

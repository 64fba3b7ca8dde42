namespace Distilabel.Pipeline.Steps;

/// <summary>One step of a <see cref="Flow"/>: an LLM step or a plain transform of rows.</summary>
internal abstract class FlowStep
{
    /// <summary>The step's name: its columns (<c>&lt;name&gt;_error</c>, …) and its rows in the journal are under it.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the step asks an LLM (and keeps its rows in the run journal).</summary>
    public abstract bool AsksLlm { get; }

    /// <summary>What the step's output depends on besides its input rows, by component (the run key).</summary>
    public abstract IReadOnlyDictionary<string, string> KeyComponents { get; }

    /// <summary>The input columns every row must have (the job checks them before any request).</summary>
    public virtual IEnumerable<string> RequiredColumns => [];

    /// <summary>The columns after the step, given those before it (to tell which columns the source must have).</summary>
    public virtual IEnumerable<string> ColumnsAfter(IEnumerable<string> before) => before;

    /// <summary>Runs the step over <paramref name="rows"/>, streaming, in input order.</summary>
    /// <param name="rows">The rows from the step before.</param>
    /// <param name="run">What the steps of the run share.</param>
    /// <param name="final">Whether this is the run's last LLM step (a final labelling step keeps distilabel's column names).</param>
    public abstract IAsyncEnumerable<LabelledRow> ApplyAsync(IAsyncEnumerable<LabelledRow> rows, StepRun run, bool final);
}

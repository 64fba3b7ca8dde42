using Distilabel.Argilla;
using Microsoft.Extensions.AI;

namespace Distilabel;

/// <summary>
/// A task as a value: what a pipeline, a command line or a renderer needs when the task type is only
/// known at run time (for example <c>--task helpsteer</c>). Get one with <see cref="Of{TTask}"/>.
/// </summary>
public abstract class LlmTaskDefinition
{
    private protected LlmTaskDefinition()
    {
    }

    /// <summary>Name, prompt, inputs and outputs.</summary>
    public abstract LlmTaskDescriptor Descriptor { get; }

    /// <summary>GBNF grammar of a well-formed answer.</summary>
    public abstract string OutputGrammar { get; }

    /// <summary>JSON schema of the answer.</summary>
    public abstract string OutputJsonSchema { get; }

    /// <summary>The Argilla dataset settings.</summary>
    public abstract ArgillaDatasetSettings ArgillaSettings { get; }

    /// <summary>The task's CLR type.</summary>
    public abstract Type TaskType { get; }

    /// <summary>The definition of a generated task type.</summary>
    public static LlmTaskDefinition Of<TTask>() where TTask : ILlmTask<TTask> => LlmTaskDefinition<TTask>.Instance;

    /// <summary>Reads a row into a task instance (throws <see cref="TaskInputException"/> on bad input).</summary>
    public abstract object FromRow(IReadOnlyDictionary<string, object?> row);

    /// <summary>The chat for a task instance.</summary>
    public abstract IList<ChatMessage> BuildPrompt(object task);

    /// <summary>A copy of the task instance with outputs parsed from <paramref name="output"/>.</summary>
    public abstract object ParseOutput(object task, string output);

    /// <summary>Inputs and outputs of a task instance, by column.</summary>
    public abstract IReadOnlyDictionary<string, object?> ToRow(object task);

    /// <summary>The Argilla record of a task instance.</summary>
    public abstract ArgillaRecord ToArgillaRecord(object task);

    /// <inheritdoc />
    public override string ToString() => Descriptor.Name;
}

/// <summary>The definition of one generated task type.</summary>
public sealed class LlmTaskDefinition<TTask> : LlmTaskDefinition where TTask : ILlmTask<TTask>
{
    internal static readonly LlmTaskDefinition<TTask> Instance = new();

    private LlmTaskDefinition()
    {
    }

    public override LlmTaskDescriptor Descriptor => TTask.Descriptor;

    public override string OutputGrammar => TTask.OutputGrammar;

    public override string OutputJsonSchema => TTask.OutputJsonSchema;

    public override ArgillaDatasetSettings ArgillaSettings => TTask.ArgillaSettings;

    public override Type TaskType => typeof(TTask);

    public override object FromRow(IReadOnlyDictionary<string, object?> row) => TTask.FromRow(row);

    public override IList<ChatMessage> BuildPrompt(object task) => Cast(task).BuildPrompt();

    public override object ParseOutput(object task, string output) => Cast(task).ParseOutput(output);

    public override IReadOnlyDictionary<string, object?> ToRow(object task) => Cast(task).ToRow();

    public override ArgillaRecord ToArgillaRecord(object task) => Cast(task).ToArgillaRecord();

    private static TTask Cast(object task) => task is TTask typed
        ? typed
        : throw new ArgumentException($"Expected a {typeof(TTask).Name} but got {task?.GetType().Name ?? "null"}.", nameof(task));
}

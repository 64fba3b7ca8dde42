using Distilabel.Argilla;
using Microsoft.Extensions.AI;

namespace Distilabel;

/// <summary>
/// A task as a value: what a pipeline, a command line or a renderer needs when the task type is only
/// known at run time (for example <c>--task helpsteer</c>). Get one with <see cref="Of{TTask}()"/>; a definition
/// also carries the task's parameter values (<see cref="WithParameters"/>).
/// </summary>
public abstract class LlmTaskDefinition
{
    private protected LlmTaskDefinition()
    {
    }

    /// <summary>Name, prompt (rendered with this definition's parameter values), inputs, outputs and parameters.</summary>
    public abstract LlmTaskDescriptor Descriptor { get; }

    /// <summary>GBNF grammar of a well-formed answer (any number of items for list inputs; see <see cref="BuildOutputGrammar"/>).</summary>
    public abstract string OutputGrammar { get; }

    /// <summary>JSON schema of the answer.</summary>
    public abstract string OutputJsonSchema { get; }

    /// <summary>The Argilla dataset settings.</summary>
    public abstract ArgillaDatasetSettings ArgillaSettings { get; }

    /// <summary>The task's CLR type.</summary>
    public abstract Type TaskType { get; }

    /// <summary>The definition of a generated task type, with its default parameter values.</summary>
    public static LlmTaskDefinition Of<TTask>() where TTask : ILlmTask<TTask> => LlmTaskDefinition<TTask>.Default;

    /// <summary>The definition of a generated task type known only at run time (a task compiled from a file, for example).</summary>
    /// <exception cref="ArgumentException"><paramref name="taskType"/> does not implement <see cref="ILlmTask{TSelf}"/> of itself.</exception>
    public static LlmTaskDefinition For(Type taskType)
    {
        ArgumentNullException.ThrowIfNull(taskType);
        if (!taskType.GetInterfaces().Contains(typeof(ILlmTask<>).MakeGenericType(taskType)))
            throw new ArgumentException($"{taskType.FullName} is not a generated LLM task (it does not implement ILlmTask<{taskType.Name}>).", nameof(taskType));
        var definition = typeof(LlmTaskDefinition<>).MakeGenericType(taskType).GetField("Default", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return (LlmTaskDefinition)definition.GetValue(null)!;
    }

    /// <summary>The definition of a generated task type with the parameter values of <paramref name="parameters"/>
    /// (for example <c>Of(new UltraFeedback { Aspect = "honesty" })</c>; its inputs are ignored).</summary>
    public static LlmTaskDefinition Of<TTask>(TTask parameters) where TTask : ILlmTask<TTask>
        => LlmTaskDefinition<TTask>.Default.WithParameters(parameters.GetParameters());

    /// <summary>
    /// This task with the named parameters set from invariant text (<c>true</c>, <c>0.5</c>, an enum member name); the
    /// others keep their values. Throws <see cref="TaskParameterException"/> naming an unknown parameter or a bad value
    /// and listing the valid parameters.
    /// </summary>
    public abstract LlmTaskDefinition WithParameters(IReadOnlyDictionary<string, string> values);

    /// <summary>Reads a row into a task instance with this definition's parameters (throws <see cref="TaskInputException"/> on bad input).</summary>
    public abstract object FromRow(IReadOnlyDictionary<string, object?> row);

    /// <summary>The chat for a task instance.</summary>
    public abstract IList<ChatMessage> BuildPrompt(object task);

    /// <summary>The grammar of a task instance's answer (the exact item count of its list inputs).</summary>
    public abstract string BuildOutputGrammar(object task);

    /// <summary>A copy of the task instance with outputs parsed from <paramref name="output"/>.</summary>
    public abstract object ParseOutput(object task, string output);

    /// <summary>Inputs and outputs of a task instance, by column.</summary>
    public abstract IReadOnlyDictionary<string, object?> ToRow(object task);

    /// <summary>The Argilla record of a task instance.</summary>
    public abstract ArgillaRecord ToArgillaRecord(object task);

    /// <inheritdoc />
    public override string ToString() => Descriptor.Name;
}

/// <summary>The definition of one generated task type, with a set of parameter values.</summary>
public sealed class LlmTaskDefinition<TTask> : LlmTaskDefinition where TTask : ILlmTask<TTask>
{
    internal static readonly LlmTaskDefinition<TTask> Default = new(new Dictionary<string, string>(StringComparer.Ordinal));

    // Every parameter set by name so far (null: none; the type's own descriptor and rows apply unchanged).
    private readonly IReadOnlyDictionary<string, string>? _parameters;
    private readonly LlmTaskDescriptor _descriptor;

    private LlmTaskDefinition(Dictionary<string, string> parameters)
    {
        if (parameters.Count == 0)
        {
            _descriptor = WithExistingOutputs(TTask.Descriptor, static () => TTask.FromParameters(new Dictionary<string, string>()));
            return;
        }

        // Validates (throws TaskParameterException) and renders the prompt with these values.
        var template = TTask.FromParameters(parameters);
        var values = template.GetParameters();
        _parameters = parameters;
        _descriptor = WithExistingOutputs(TTask.Descriptor with
        {
            SystemPrompt = SystemPromptOf(template.BuildPrompt()),
            UserPrompt = TTask.Descriptor.UserPrompt is null ? null : template.BuildPrompt().LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? TTask.Descriptor.UserPrompt,
            Parameters = TTask.Descriptor.Parameters.Select(p => p with { Value = values.GetValueOrDefault(p.Name, p.Value) }).ToArray(),
        }, () => template);
    }

    /// <summary>Only the outputs that exist with these parameter values (an output with <c>When</c> may not): the columns a run writes.</summary>
    private static LlmTaskDescriptor WithExistingOutputs(LlmTaskDescriptor descriptor, Func<TTask> template)
    {
        if (descriptor.Outputs.All(o => o.When is null))
            return descriptor;
        var task = template();
        return descriptor with { Outputs = descriptor.Outputs.Where(o => o.When is null || ConditionHolds(task, o.When)).ToArray() };
    }

    public override LlmTaskDescriptor Descriptor => _descriptor;

    public override string OutputGrammar => TTask.OutputGrammar;

    public override string OutputJsonSchema => TTask.OutputJsonSchema;

    public override ArgillaDatasetSettings ArgillaSettings => TTask.ArgillaSettings;

    public override Type TaskType => typeof(TTask);

    public override LlmTaskDefinition WithParameters(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var merged = new Dictionary<string, string>(_parameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in values)
            merged[name] = value ?? throw new TaskParameterException(Descriptor.Name, name, "the value is null", []);
        return new LlmTaskDefinition<TTask>(merged);
    }

    public override object FromRow(IReadOnlyDictionary<string, object?> row)
    {
        var task = TTask.FromRow(row);
        return _parameters is null ? task : task.WithParameters(_parameters);
    }

    public override IList<ChatMessage> BuildPrompt(object task) => Cast(task).BuildPrompt();

    public override string BuildOutputGrammar(object task) => Cast(task).BuildOutputGrammar();

    public override object ParseOutput(object task, string output) => Cast(task).ParseOutput(output);

    public override IReadOnlyDictionary<string, object?> ToRow(object task) => Cast(task).ToRow();

    public override ArgillaRecord ToArgillaRecord(object task) => Cast(task).ToArgillaRecord();

    private static string SystemPromptOf(IList<ChatMessage> prompt)
        => prompt.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? TTask.Descriptor.SystemPrompt;

    // Read once per definition: the condition is a (usually private) bool property of the generated task.
    private static bool ConditionHolds(TTask task, string property)
        => typeof(TTask).GetProperty(property, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
               ?.GetValue(task) is true;

    private static TTask Cast(object task) => task is TTask typed
        ? typed
        : throw new ArgumentException($"Expected a {typeof(TTask).Name} but got {task?.GetType().Name ?? "null"}.", nameof(task));
}

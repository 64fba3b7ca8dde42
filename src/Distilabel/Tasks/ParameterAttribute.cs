namespace Distilabel;

/// <summary>
/// A task parameter: a typed property that is not a column (string, int, double, bool or an enum), the same for every
/// row, for example an aspect or a rubric. Give it a default with an initializer; set it in code
/// (<c>new MyTask { Aspect = … }</c>), by name (<see cref="LlmTaskDefinition.WithParameters"/>) or on the command line
/// (<c>--task-param aspect=honesty</c>). The system prompt can show it: <c>{aspect}</c> is replaced by its value.
/// Parameter values are part of the task's fingerprint.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class ParameterAttribute : Attribute
{
    /// <summary>The parameter's name. Default: the property name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>What the parameter changes; shown by <c>distilabel tasks</c>.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// On a <c>string</c> parameter: the only values it takes (e.g. <c>"absolute", "relative"</c>), matched ignoring case;
    /// any other value is a <see cref="TaskParameterException"/> listing them, and <c>distilabel tasks</c> shows them.
    /// </summary>
    public string[]? OneOf { get; set; }
}

namespace Distilabel;

/// <summary>A task parameter set by name is unknown, or its value does not fit its type.</summary>
public sealed class TaskParameterException(string task, string parameter, string message, IReadOnlyList<string> validParameters)
    : Exception($"task '{task}', parameter '{parameter}': {message}")
{
    /// <summary>The task.</summary>
    public string Task { get; } = task;

    /// <summary>The parameter at fault, as given.</summary>
    public string Parameter { get; } = parameter;

    /// <summary>The task's parameters, each as <c>name (type)</c>.</summary>
    public IReadOnlyList<string> ValidParameters { get; } = validParameters;
}

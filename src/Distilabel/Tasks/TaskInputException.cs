namespace Distilabel;

/// <summary>A dataset row does not fit a task: a column is missing, null or of the wrong type.</summary>
public sealed class TaskInputException(string task, string column, string message)
    : Exception($"task '{task}', column '{column}': {message}")
{
    /// <summary>The task that read the row.</summary>
    public string Task { get; } = task;

    /// <summary>The column at fault.</summary>
    public string Column { get; } = column;
}

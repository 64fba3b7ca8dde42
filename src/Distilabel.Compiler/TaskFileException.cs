namespace Distilabel.Compiler;

/// <summary>A task source file does not compile (or declares no task); <see cref="Diagnostics"/> says where and why.</summary>
public sealed class TaskFileException(string path, IReadOnlyList<TaskDiagnostic> diagnostics)
    : Exception($"{path} does not compile:\n" + string.Join("\n", diagnostics.Where(d => d.IsError)))
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Generator and compiler messages, errors first in source order.</summary>
    public IReadOnlyList<TaskDiagnostic> Diagnostics { get; } = diagnostics;
}

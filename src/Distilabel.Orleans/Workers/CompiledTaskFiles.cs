using System.Collections.Concurrent;
using Distilabel.Orleans.Jobs;

namespace Distilabel.Orleans.Workers;

/// <summary>The task files of the jobs a worker labels, each compiled once (every lease of a job shares it).</summary>
internal sealed class CompiledTaskFiles(Func<string, string, LlmTaskDefinition>? compile)
{
    private readonly ConcurrentDictionary<TaskFileSpec, Lazy<LlmTaskDefinition>> _tasks = new();

    /// <summary>The task <paramref name="file"/> declares. Throws <see cref="WorkerMismatchException"/> when this worker cannot compile it.</summary>
    public LlmTaskDefinition Get(TaskFileSpec file)
    {
        if (compile is null)
            throw new WorkerMismatchException($"the task is the file {file.FileName}, and this worker compiles no task files");
        var task = _tasks.GetOrAdd(file, f => new Lazy<LlmTaskDefinition>(() => compile(f.FileName, f.Source)));
        try
        {
            return task.Value;
        }
        catch (Exception e) when (e is not WorkerMismatchException)
        {
            throw new WorkerMismatchException($"the task file {file.FileName} does not compile here: {e.Message.ReplaceLineEndings("; ")}");
        }
    }
}

using Distilabel.Compiler;

namespace Distilabel.Cli;

/// <summary>
/// What <c>--task</c> names: a registered task (<c>helpsteer</c>), or a C# file declaring one (<c>path/to/MyJudge.cs</c>),
/// compiled with the source generator; with the values of <c>--task-param KEY=VALUE</c>.
/// </summary>
internal static class TaskResolver
{
    /// <summary>The task, with its parameters set. Throws <see cref="UsageException"/> (one line) or <see cref="TaskFileException"/> (the compiler's lines).</summary>
    public static LlmTaskDefinition Resolve(string task, IEnumerable<string>? parameters = null)
    {
        var definition = IsFile(task) ? FromFile(task) : LlmTaskRegistry.Find(task)
            ?? throw new UsageException($"--task: unknown task '{task}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))}, or a .cs file declaring one.");
        var values = ParseParameters(parameters ?? []);
        try
        {
            return values.Count == 0 ? definition : definition.WithParameters(values);
        }
        catch (TaskParameterException e)
        {
            throw new UsageException("--task-param: " + e.Message);
        }
    }

    /// <summary>Writes a task file's errors as the compiler does (<c>MyJudge.cs(12,5): error DLB0004: …</c>), then one summary line.</summary>
    public static void Report(TaskFileException exception, TextWriter error)
    {
        var errors = exception.Diagnostics.Where(d => d.IsError).ToList();
        foreach (var diagnostic in errors)
            error.WriteLine(diagnostic);
        error.WriteLine($"error: --task {exception.Path} does not compile ({errors.Count} error{(errors.Count == 1 ? "" : "s")}).");
    }

    /// <summary>Whether <paramref name="task"/> names a C# file rather than a registered task.</summary>
    public static bool IsFile(string task) => task.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    private static LlmTaskDefinition FromFile(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"--task: file not found: {path}");
        var tasks = TaskFile.Load(path);
        return tasks.Count == 1
            ? tasks[0]
            : throw new UsageException($"--task: {path} declares {tasks.Count} tasks ({string.Join(", ", tasks.Select(t => t.Descriptor.Name))}); declare one task per file.");
    }

    private static Dictionary<string, string> ParseParameters(IEnumerable<string> parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new UsageException($"--task-param: expected KEY=VALUE, got '{parameter}'.");
            values[parameter[..equals].Trim()] = parameter[(equals + 1)..];
        }

        return values;
    }
}

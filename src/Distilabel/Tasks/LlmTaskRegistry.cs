using System.Collections.Concurrent;

namespace Distilabel;

/// <summary>Tasks by name, for front ends that pick a task at run time. Built-in tasks are registered already.</summary>
public static class LlmTaskRegistry
{
    private static readonly ConcurrentDictionary<string, LlmTaskDefinition> Tasks = new(StringComparer.OrdinalIgnoreCase);

    static LlmTaskRegistry()
    {
        Register<Distilabel.Tasks.HelpSteer>();

        // The task library: generation and the open judges (issue 11, part A).
        Register<Distilabel.Tasks.Library.TextGeneration>();
        Register<Distilabel.Tasks.Library.UltraFeedback>();
        Register<Distilabel.Tasks.Library.JudgeLm>();
        Register<Distilabel.Tasks.Library.Prometheus>();

        // Task library, part B (Deita scorers, SelfInstruct, EvolInstruct).
        Register<Distilabel.Tasks.Library.QualityScorer>();
        Register<Distilabel.Tasks.Library.ComplexityScorer>();
        Register<Distilabel.Tasks.Library.SelfInstruct>();
        Register<Distilabel.Tasks.Library.EvolInstruct>();
    }

    /// <summary>Every registered task, by name.</summary>
    public static IReadOnlyCollection<LlmTaskDefinition> All => Tasks.Values.OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Registers a task under its descriptor name (replacing any task of that name).</summary>
    public static LlmTaskDefinition Register<TTask>() where TTask : ILlmTask<TTask>
    {
        var definition = LlmTaskDefinition.Of<TTask>();
        Tasks[definition.Descriptor.Name] = definition;
        return definition;
    }

    /// <summary>The task named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such task; the message lists the known ones.</exception>
    public static LlmTaskDefinition Get(string name)
        => Tasks.TryGetValue(name, out var task)
            ? task
            : throw new KeyNotFoundException($"Unknown task '{name}'. Known tasks: {string.Join(", ", All.Select(t => t.Descriptor.Name))}.");

    /// <summary>The task named <paramref name="name"/>, or null.</summary>
    public static LlmTaskDefinition? Find(string name) => Tasks.GetValueOrDefault(name);
}

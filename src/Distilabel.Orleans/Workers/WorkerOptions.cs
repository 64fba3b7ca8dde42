using Distilabel.Llms;

namespace Distilabel.Orleans;

/// <summary>A silo's worker: its own LLM, its requests in flight, and how it waits for work.</summary>
public sealed class WorkerOptions
{
    /// <summary>The worker's LLM (its own llama.cpp model, server or key); null runs a silo that coordinates but labels nothing.</summary>
    public LlmSettings? Llm { get; set; }

    /// <summary>Requests in flight on this worker.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The name written to the model column for this worker's rows; default: the LLM's model id.</summary>
    public string? LabellerName { get; set; }

    /// <summary>How long an idle worker waits before it asks for work again.</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A lease not checkpointed for this long goes back to the pool (a hung worker). A silo the cluster declares dead
    /// loses its leases at once. Workers checkpoint at least every third of it.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Finds a job's task by name and parameters; default: the built-in task library.</summary>
    public Func<string, IReadOnlyDictionary<string, string>, LlmTaskDefinition>? ResolveTask { get; set; }

    /// <summary>
    /// Compiles a job's task file (its file name, its C# source) into the one task it declares, for jobs submitted with
    /// a <c>.cs</c> task (<c>Distilabel.Compiler.TaskFile.FromSource</c>); called once per file. Null (the default):
    /// this worker refuses such jobs, saying why.
    /// </summary>
    public Func<string, string, LlmTaskDefinition>? CompileTaskFile { get; set; }
}

namespace Distilabel.Pipeline.Recipes;

/// <summary>
/// A multi-step run as a file (YAML or JSON): the steps, in order. Load one with <see cref="RecipeFile.Load"/>, turn it
/// into a <see cref="Flow"/> with <see cref="RecipeFlowBuilder"/>. Keys are snake_case; unknown keys are errors.
/// </summary>
public sealed class Recipe
{
    /// <summary>The steps, in order; each holds exactly one of <c>generate</c>, <c>label</c>, <c>explode</c>, <c>select</c>, <c>rename</c>.</summary>
    public List<RecipeStep> Steps { get; set; } = [];
}

/// <summary>One step of a <see cref="Recipe"/>: exactly one of its members is set.</summary>
public sealed class RecipeStep
{
    /// <summary>Answer an instruction column N times with an LLM or a pool.</summary>
    public RecipeGenerate? Generate { get; set; }

    /// <summary>Run a task on every row with an LLM.</summary>
    public RecipeLabel? Label { get; set; }

    /// <summary>Turn list columns into rows.</summary>
    public RecipeExplode? Explode { get; set; }

    /// <summary>Keep only these columns, in this order.</summary>
    public List<string>? Select { get; set; }

    /// <summary>Rename columns (old → new).</summary>
    public Dictionary<string, string>? Rename { get; set; }

    /// <summary>Turn each row's rated generations into DPO pairs (the last step of a recipe that writes a DPO dataset).</summary>
    public RecipePreferencePairs? PreferencePairs { get; set; }
}

/// <summary>A <c>preference_pairs</c> step: the data export's DPO pairs (<c>Data.Exports.PreferenceExport</c>).</summary>
public sealed class RecipePreferencePairs
{
    /// <summary>The rating column(s), averaged when several (default <c>[ratings]</c>).</summary>
    public List<string>? RatingColumns { get; set; }

    /// <summary><c>best-vs-worst</c> (default), <c>best-vs-random</c> or <c>all-pairs</c>.</summary>
    public string? Strategy { get; set; }

    /// <summary>The least chosen − rejected rating difference (default: any difference above 0).</summary>
    public double? MinMargin { get; set; }

    /// <summary><c>distilabel</c> (default: prompt + whole conversations) or <c>trl</c>.</summary>
    public string? Format { get; set; }

    /// <summary>The prompt column (default: found among prompt, instruction, …).</summary>
    public string? PromptColumn { get; set; }

    /// <summary>The seed of best-vs-random (default 42).</summary>
    public int? Seed { get; set; }
}

/// <summary>Generation options shared by the LLM steps of a recipe (distilabel's generation kwargs).</summary>
public abstract class RecipeLlmStep
{
    /// <summary>The step's name (its columns and journal entries).</summary>
    public string? Name { get; set; }

    /// <summary>Most tokens per answer (default 128).</summary>
    public int? MaxNewTokens { get; set; }

    /// <summary>Sampling temperature (default 0).</summary>
    public float? Temperature { get; set; }

    /// <summary>Sampling seed.</summary>
    public long? Seed { get; set; }

    /// <summary>Rows in the reorder window at most (default 8 × concurrency, at least 16).</summary>
    public int? ReorderWindow { get; set; }
}

/// <summary>A <c>generate</c> step.</summary>
public sealed class RecipeGenerate : RecipeLlmStep
{
    /// <summary>The column sent as the instruction (default "prompt").</summary>
    public string? InstructionColumn { get; set; }

    /// <summary>Answers per row (default 1), shared by the pool's members.</summary>
    public int? NumGenerations { get; set; }

    /// <summary>An optional system message.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>One LLM (or use <see cref="Pool"/>).</summary>
    public RecipeLlm? Llm { get; set; }

    /// <summary>Several LLMs sharing the generations.</summary>
    public List<RecipeLlm>? Pool { get; set; }
}

/// <summary>A <c>label</c> step.</summary>
public sealed class RecipeLabel : RecipeLlmStep
{
    /// <summary>The task's name (see <c>distilabel tasks</c>).</summary>
    public string? Task { get; set; }

    /// <summary>The task's parameters (not columns), e.g. an aspect or a rubric.</summary>
    public Dictionary<string, string>? Params { get; set; }

    /// <summary>The LLM.</summary>
    public RecipeLlm? Llm { get; set; }

    /// <summary>Requests in flight at once (default 4).</summary>
    public int? Concurrency { get; set; }

    /// <summary>Constrain decoding with the task's grammar where supported (default true).</summary>
    public bool? UseGrammar { get; set; }

    /// <summary>Ask for the task's JSON schema as structured output (default false).</summary>
    public bool? UseJsonSchema { get; set; }
}

/// <summary>An <c>explode</c> step.</summary>
public sealed class RecipeExplode
{
    /// <summary>The list columns whose items become rows.</summary>
    public List<string> Columns { get; set; } = [];

    /// <summary>New names for exploded columns (e.g. <c>generations: response</c>).</summary>
    public Dictionary<string, string>? Rename { get; set; }
}

/// <summary>An LLM of a recipe, as <see cref="Llms.LlmSettings"/> plus its place in a pool.</summary>
public sealed class RecipeLlm
{
    /// <summary><c>openai</c>, <c>openai-compatible</c> or <c>llamacpp</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>A model name, or a GGUF path for llamacpp (relative to the recipe's folder).</summary>
    public string? Model { get; set; }

    /// <summary>The server's base URL (openai-compatible).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The environment variable holding the API key (never the key itself).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>The name written to the model columns (default: the model).</summary>
    public string? Name { get; set; }

    /// <summary>Pool members: requests in flight to this LLM at once (default 4).</summary>
    public int? Concurrency { get; set; }

    /// <summary>Pool members: seconds a generation may take, retries included, before it fails.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>Seconds one request may take before it is retried (default 120).</summary>
    public double? RequestTimeoutSeconds { get; set; }

    /// <summary>Attempts per request, the first included (default 5).</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>llamacpp: CPU threads per request.</summary>
    public int? Threads { get; set; }
}

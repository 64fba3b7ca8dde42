using Distilabel.Llms;
using Distilabel.Tasks;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Recipes;

/// <summary>Turns a <see cref="Recipe"/> into a <see cref="Flow"/>, creating each distinct LLM once.</summary>
/// <param name="createLlm">Creates an LLM from its settings (the command line adds retries, the response cache, …).</param>
/// <param name="baseFolder">The recipe's folder: relative GGUF paths are resolved from it.</param>
/// <param name="source">The recipe's name in errors (its file).</param>
/// <param name="resolveTask">Finds a step's task by name (default: the registered tasks); the command line also compiles <c>.cs</c> task files.</param>
public sealed class RecipeFlowBuilder(
    Func<LlmSettings, CancellationToken, Task<IChatClient>> createLlm,
    string baseFolder,
    string source = "recipe",
    Func<string, LlmTaskDefinition?>? resolveTask = null)
{
    private readonly Dictionary<LlmSettings, IChatClient> _llms = [];

    /// <summary>The LLMs created so far (the caller disposes them).</summary>
    public IReadOnlyCollection<IChatClient> Llms => _llms.Values;

    /// <summary>The flow of <paramref name="recipe"/>'s steps.</summary>
    /// <exception cref="RecipeException">A step names an unknown task or provider, or an option is out of range.</exception>
    public async Task<Flow> BuildAsync(Recipe recipe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var flow = new Flow();
        for (var i = 0; i < recipe.Steps.Count; i++)
        {
            var step = recipe.Steps[i];
            var where = $"{source}: step {i + 1}";
            try
            {
                flow = step switch
                {
                    { Generate: { } generate } => await GenerateAsync(flow, generate, where, cancellationToken).ConfigureAwait(false),
                    { Label: { } label } => await LabelAsync(flow, label, where, cancellationToken).ConfigureAwait(false),
                    { Explode: { } explode } => flow.Explode(explode.Columns, explode.Rename),
                    { Select: { } select } => flow.Select(select),
                    { Rename: { } rename } => flow.Rename(rename),
                    { PreferencePairs: { } pairs } => flow.PreferencePairs(PairOptions(pairs, $"{where} (preference_pairs)")),
                    _ => throw new RecipeException($"{where}: a step needs one of generate, label, explode, select, rename, preference_pairs"),
                };
            }
            catch (ArgumentException e)
            {
                throw new RecipeException($"{where}: {FirstLine(e.Message)}", e);
            }
        }

        return flow;
    }

    private async Task<Flow> GenerateAsync(Flow flow, RecipeGenerate step, string where, CancellationToken cancellationToken)
    {
        var options = Options(step) with { InstructionColumn = step.InstructionColumn ?? "prompt" };
        var members = new List<PoolMember>();
        foreach (var llm in step.Pool is { Count: > 0 } pool ? pool : [step.Llm!])
        {
            var client = await LlmAsync(llm, $"{where} (generate)", llm.Concurrency ?? 4, cancellationToken).ConfigureAwait(false);
            var timeout = llm.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            members.Add(new PoolMember(client, llm.Name, llm.Concurrency ?? 4, timeout));
        }

        return flow.Generate(new LlmPool(members), step.NumGenerations ?? 1, options, step.SystemPrompt, step.Name);
    }

    private async Task<Flow> LabelAsync(Flow flow, RecipeLabel step, string where, CancellationToken cancellationToken)
    {
        var definition = (resolveTask ?? LlmTaskRegistry.Find)(step.Task!)
            ?? throw new RecipeException($"{where} (label): unknown task '{step.Task}'. Known tasks: {string.Join(", ", LlmTaskRegistry.All.Select(t => t.Descriptor.Name))}.");
        if (step.Params is { Count: > 0 })
        {
            try
            {
                definition = definition.WithParameters(step.Params);
            }
            catch (TaskParameterException e)
            {
                throw new RecipeException($"{where} (label): {e.Message}");
            }
        }

        var options = Options(step) with
        {
            Concurrency = step.Concurrency ?? 4,
            UseGrammar = step.UseGrammar ?? true,
            UseJsonSchema = step.UseJsonSchema ?? false,
            LabellerName = step.Llm!.Name,
        };
        var client = await LlmAsync(step.Llm, $"{where} (label)", options.Concurrency, cancellationToken).ConfigureAwait(false);
        return flow.Label(definition, client, options, step.Name);
    }

    private static Data.Exports.PreferenceExportOptions PairOptions(RecipePreferencePairs step, string where)
    {
        var defaults = new Data.Exports.PreferenceExportOptions();
        return defaults with
        {
            RatingColumns = step.RatingColumns is { Count: > 0 } columns ? columns : defaults.RatingColumns,
            Strategy = step.Strategy switch
            {
                null or "best-vs-worst" => Data.Exports.PreferenceStrategy.BestVsWorst,
                "best-vs-random" => Data.Exports.PreferenceStrategy.BestVsRandom,
                "all-pairs" => Data.Exports.PreferenceStrategy.AllPairs,
                _ => throw new RecipeException($"{where}: strategy '{step.Strategy}' is not one of best-vs-worst, best-vs-random, all-pairs"),
            },
            Format = step.Format switch
            {
                null or "distilabel" => Data.Exports.PreferenceFormat.Distilabel,
                "trl" => Data.Exports.PreferenceFormat.Trl,
                _ => throw new RecipeException($"{where}: format '{step.Format}' is not one of distilabel, trl"),
            },
            MinMargin = step.MinMargin,
            PromptColumn = step.PromptColumn,
            Seed = step.Seed ?? defaults.Seed,
        };
    }

    private static PipelineOptions Options(RecipeLlmStep step)
    {
        var defaults = new PipelineOptions();
        return defaults with
        {
            MaxNewTokens = step.MaxNewTokens ?? defaults.MaxNewTokens,
            Temperature = step.Temperature ?? defaults.Temperature,
            Seed = step.Seed,
            ReorderWindow = step.ReorderWindow,
        };
    }

    /// <summary>The step's LLM, one client per distinct settings.</summary>
    /// <param name="llm">The recipe's LLM.</param>
    /// <param name="where">The step, for messages.</param>
    /// <param name="concurrency">The requests the step sends the LLM at once: an in-process llama.cpp engine decodes
    /// that many rows together in one batch, as the <c>label</c> command's <c>--concurrency</c> does.</param>
    /// <param name="cancellationToken">Stops loading the model.</param>
    private async Task<IChatClient> LlmAsync(RecipeLlm llm, string where, int concurrency, CancellationToken cancellationToken)
    {
        var provider = llm.Provider switch
        {
            "openai" => LlmProvider.OpenAI,
            "openai-compatible" => LlmProvider.OpenAICompatible,
            "llamacpp" => LlmProvider.LlamaCpp,
            _ => throw new RecipeException($"{where}: llm provider '{llm.Provider}' is not one of openai, openai-compatible, llamacpp"),
        };
        var named = RecipeVariables.Expand(llm.Model, where);
        var model = provider == LlmProvider.LlamaCpp && named is { } path && !Path.IsPathRooted(path) ? Path.GetFullPath(Path.Combine(baseFolder, path)) : named;
        var settings = new LlmSettings
        {
            Provider = provider,
            Model = model,
            BaseUrl = RecipeVariables.Expand(llm.BaseUrl, where),
            ApiKeyEnvironmentVariable = llm.ApiKeyEnv,
            RequestTimeout = TimeSpan.FromSeconds(llm.RequestTimeoutSeconds ?? 120),
            MaxAttempts = llm.MaxAttempts ?? 5,
            LlamaCppThreads = llm.Threads,
            LlamaCppParallelism = provider == LlmProvider.LlamaCpp ? concurrency : 1,
        };
        if (!_llms.TryGetValue(settings, out var client))
        {
            client = await createLlm(settings, cancellationToken).ConfigureAwait(false);
            _llms[settings] = client;
        }

        return client;
    }

    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ");
    }
}

using Distilabel.Pipeline.Recipes;

namespace Distilabel.Pipeline;

/// <summary>Runs a recipe file's steps (generate, label, explode, …) over a dataset, as the command line's <c>run</c> does, in one call.</summary>
public static class RecipeJob
{
    /// <summary>
    /// Runs the recipe at <paramref name="recipePath"/> over <see cref="LabelJobOptions.InputPath"/> with everything
    /// <see cref="DatasetJob.RunAsync"/> does (retries counted, the response cache, the journal, the summary).
    /// </summary>
    /// <param name="recipePath">The recipe (.yaml, .yml or .json); relative paths in it are resolved from its folder.</param>
    /// <param name="options">Input, output, journal, cache, retries, summary.</param>
    /// <param name="resolveTask">Finds a step's task by name and the recipe's folder (default: the registered tasks).</param>
    /// <param name="hooks">Progress, downloads and warnings.</param>
    /// <param name="drainToken">Stops reading rows; requests in flight finish.</param>
    /// <param name="abortToken">Cancels at once.</param>
    /// <exception cref="FileNotFoundException">The recipe file does not exist.</exception>
    /// <exception cref="RecipeException">The recipe is malformed, or a step names an unknown task or provider.</exception>
    public static Task<JobReport> RunAsync(
        string recipePath,
        LabelJobOptions options,
        Func<string, string, LlmTaskDefinition?>? resolveTask = null,
        JobHooks? hooks = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipePath);
        if (!File.Exists(recipePath))
            throw new FileNotFoundException($"recipe file not found: {recipePath}", recipePath);
        return RunAsync(RecipeFile.Load(recipePath), recipePath, options, resolveTask, hooks, drainToken, abortToken);
    }

    /// <summary>Runs <paramref name="recipe"/>, loaded from <paramref name="recipePath"/>, like <see cref="RunAsync(string, LabelJobOptions, Func{string, string, LlmTaskDefinition?}?, JobHooks?, CancellationToken, CancellationToken)"/>.</summary>
    public static Task<JobReport> RunAsync(
        Recipe recipe,
        string recipePath,
        LabelJobOptions options,
        Func<string, string, LlmTaskDefinition?>? resolveTask = null,
        JobHooks? hooks = null,
        CancellationToken drainToken = default,
        CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipePath);
        ArgumentNullException.ThrowIfNull(options);
        var folder = Path.GetDirectoryName(Path.GetFullPath(recipePath)) ?? ".";
        return DatasetJob.RunAsync(
            async (llms, cancellationToken) =>
            {
                var builder = new RecipeFlowBuilder(
                    (settings, token) => llms(settings, token),
                    folder,
                    recipePath,
                    resolveTask is null ? null : task => resolveTask(task, folder));
                var flow = await builder.BuildAsync(recipe, cancellationToken).ConfigureAwait(false);
                return new JobPlan(flow, $"Running {Path.GetFileName(recipePath)} ({string.Join(" → ", flow.StepNames)}) on {LabelJob.InputName(options)}", "error columns");
            },
            options,
            hooks,
            drainToken,
            abortToken);
    }
}

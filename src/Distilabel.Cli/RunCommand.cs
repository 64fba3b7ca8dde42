using System.CommandLine;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Recipes;

namespace Distilabel.Cli;

/// <summary><c>distilabel run RECIPE</c>: run a recipe file's steps (generate, label, explode, …) over a dataset file.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var recipe = new Argument<string>("recipe") { Description = "The recipe file (.yaml, .yml or .json) listing the steps." };
        var input = new DatasetInputOptions("The dataset the recipe runs over.");
        var jobOptions = new JobOptions("Where to write the result");
        var command = new Command("run", "Run a recipe: several steps (generate with an LLM pool, explode, label, …) over a dataset.")
        {
            recipe,
        };
        input.AddTo(command);
        jobOptions.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var recipePath = parse.GetValue(recipe)!;
            Recipe? steps = null;
            return await JobRunner.RunAsync(
                jobOptions.Job(parse, parse.GetValue(input.Input)!),
                ct => input.OpenAsync(parse, ct),
                (options, hooks, drain, abort) => RecipeJob.RunAsync(
                    steps!,
                    recipePath,
                    options,
                    (task, folder) => TaskResolver.IsFile(task) ? TaskResolver.Resolve(Path.Combine(folder, task)) : LlmTaskRegistry.Find(task),
                    hooks,
                    drain,
                    abort),
                check: () => steps = File.Exists(recipePath) ? RecipeFile.Load(recipePath) : throw new UsageException($"recipe file not found: {recipePath}"));
        });
        return command;
    }
}

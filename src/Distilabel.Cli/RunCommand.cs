using System.CommandLine;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Recipes;

namespace Distilabel.Cli;

/// <summary><c>distilabel run RECIPE</c>: run a recipe file's steps (generate, label, explode, …) over a dataset file.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var recipe = new Argument<string>("recipe") { Description = "The recipe file (.yaml, .yml or .json) listing the steps." };
        var input = new DatasetInputOptions("The dataset the recipe runs over.");
        var output = new Option<string>("--output", "-o") { Description = "Where to write the result (.jsonl, .parquet or .csv); written atomically.", Required = true };
        var limit = new Option<long?>("--limit") { Description = "Run only the first N rows." };
        var skipBadRows = new Option<bool>("--skip-bad-rows") { Description = "Skip unreadable input rows (e.g. a broken JSONL line) instead of stopping." };
        var journal = new Option<string?>("--journal") { Description = "The run journal: every row each step finishes is kept there as it completes (default: <output folder>/.distilabel/<output name>.journal.db)." };
        var resume = new Option<bool>("--resume") { Description = "Resume from the journal (the default whenever a journal made with the same recipe exists)." };
        var fresh = new Option<bool>("--fresh") { Description = "Delete the journal and start over." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Reuse the journal's finished rows but ask again the rows that ended with an error." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not answer repeated requests from the response cache." };
        var cache = new Option<string?>("--cache") { Description = "The response cache (default: <output folder>/.distilabel/cache.db)." };
        var summaryJson = new Option<string?>("--summary-json") { Description = "Also write the run's summary as JSON to this file." };
        var retryBaseDelay = new Option<int>("--retry-base-delay-ms") { Description = "Back-off before the first retry, in milliseconds.", DefaultValueFactory = _ => 1000, Hidden = true };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1)
                result.AddError($"--limit must be at least 1 (got {result.GetValueOrDefault<long?>()}).");
        });

        var command = new Command("run", "Run a recipe: several steps (generate with an LLM pool, explode, label, …) over a dataset.")
        {
            recipe, output, limit, skipBadRows, journal, resume, fresh, retryFailed, noCache, cache, summaryJson, retryBaseDelay,
        };
        input.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.Errors.Any())
                return;
            if (result.GetValue(fresh) && result.GetValue(resume))
                result.AddError("--fresh and --resume contradict each other: --fresh deletes the journal that --resume continues.");
            if (result.GetValue(fresh) && result.GetValue(retryFailed))
                result.AddError("--fresh and --retry-failed contradict each other: --fresh deletes the journal whose failed rows --retry-failed asks again.");
            if (result.GetValue(noCache) && result.GetValue(cache) is not null)
                result.AddError("--no-cache and --cache contradict each other.");
        });
        command.SetAction(async (parse, _) =>
        {
            var durability = new JobRunner.Durability(
                parse.GetValue(journal),
                parse.GetValue(fresh),
                parse.GetValue(retryFailed),
                parse.GetValue(noCache) ? null : parse.GetValue(cache) ?? "",
                TimeSpan.FromMilliseconds(parse.GetValue(retryBaseDelay)),
                parse.GetValue(summaryJson));
            var outputPath = parse.GetValue(output)!;
            var job = new LabelJobOptions
            {
                InputPath = parse.GetValue(input.Input)!,
                OutputPath = outputPath,
                Limit = parse.GetValue(limit),
                SkipBadRows = parse.GetValue(skipBadRows),
                JournalPath = durability.JournalPath ?? RunJournal.DefaultPathFor(outputPath),
                FreshJournal = durability.Fresh,
                RetryFailed = durability.RetryFailed,
            };
            var recipePath = parse.GetValue(recipe)!;
            Recipe? steps = null;
            return await JobRunner.RunAsync(
                job,
                durability,
                ct => input.OpenAsync(parse, ct),
                async (llms, cancellationToken) =>
                {
                    var folder = Path.GetDirectoryName(Path.GetFullPath(recipePath)) ?? ".";
                    var flow = await new RecipeFlowBuilder(
                        (settings, token) => llms(settings, token),
                        folder,
                        recipePath,
                        task => TaskResolver.IsFile(task) ? TaskResolver.Resolve(Path.Combine(folder, task)) : LlmTaskRegistry.Find(task)).BuildAsync(steps!, cancellationToken);
                    return new JobRunner.Plan(flow, $"Running {Path.GetFileName(recipePath)} ({string.Join(" → ", flow.StepNames)}) on {JobRunner.InputName(job)}", "error columns");
                },
                check: () => steps = File.Exists(recipePath) ? RecipeFile.Load(recipePath) : throw new UsageException($"recipe file not found: {recipePath}"));
        });
        return command;
    }
}

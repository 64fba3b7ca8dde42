#:project ../src/Distilabel/Distilabel.csproj
#:project ../src/Distilabel.LlamaCpp/Distilabel.LlamaCpp.csproj
#:property PublishAot=false

// The file-based twin of 04-ultrafeedback.ipynb: the same steps, with console output instead of HTML.
// From the repository root:   dotnet run notebooks/04-ultrafeedback.cs
// The LLM is chosen as in 01-helpsteer-aif.cs (OPENAI_BASE_URL + DISTILABEL_MODEL, OPENAI_API_KEY, else llama.cpp);
// DISTILABEL_NOTEBOOK_ROWS sets how many prompts go through the recipe (default 3).
using Distilabel;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Tutorial.Judges;

var repoRoot = FindRepoRoot();

// ── The task library ────────────────────────────────────────────────────────────────────────────────────────────
Heading("The task library");
foreach (var name in new[] { "text-generation", "ultrafeedback", "judgelm", "prometheus" })
{
    var d = LlmTaskRegistry.Get(name).Descriptor;
    Console.WriteLine($"{d.Name}: {string.Join(", ", d.Inputs.Select(i => i.Name))} -> {string.Join(", ", d.Outputs.Select(o => o.Name))}"
        + (d.Parameters.Count > 0 ? $"  [{string.Join(", ", d.Parameters.Select(p => $"{p.Name}={p.Value}"))}]" : ""));
}

var helpfulness = LlmTaskRegistry.Get("ultrafeedback").WithParameters(new Dictionary<string, string> { ["aspect"] = "helpfulness" });
Console.WriteLine($"ultrafeedback with aspect=helpfulness: {string.Join(", ", helpfulness.Descriptor.Outputs.Select(o => o.Name))}");

// ── The judge's prompt, in UltraCM's format ─────────────────────────────────────────────────────────────────────
Heading("The ultrafeedback prompt for one row");
var ultrafeedback = LlmTaskRegistry.Get("ultrafeedback");
var example = new Dictionary<string, object?>
{
    ["instruction"] = "Name a prime number greater than 10.",
    ["generations"] = new[] { "11 is prime.", "15, because it is odd." },
};
foreach (var message in ultrafeedback.BuildPrompt(ultrafeedback.FromRow(example)))
    Console.WriteLine($"── {message.Role} ──\n{message.Text}\n");

Heading("What an UltraCM-style answer parses to");
var answer = "Here is my assessment.\n\n#### Output for Text 1\nRating: 5\nRationale: Correct: 11 is prime.\n\n#### Output for Text 2\nRating: 1\nRationale: 15 = 3 x 5 is not prime.";
var parsed = ultrafeedback.ToRow(ultrafeedback.ParseOutput(ultrafeedback.FromRow(example), answer));
Console.WriteLine($"ratings: [{string.Join(", ", (IEnumerable<int?>)parsed["ratings"]!)}]");
Console.WriteLine($"rationales: [{string.Join(" | ", (IEnumerable<string?>)parsed["rationales"]!)}]");

// ── A judge of your own, in its own format ──────────────────────────────────────────────────────────────────────
Heading("A judge of your own: a user template and no system message");
var brevity = BrevityJudge.FromRow(new Dictionary<string, object?> { ["answer"] = "Paris is the capital of France." });
foreach (var message in brevity.BuildPrompt())
    Console.WriteLine($"── {message.Role} ──\n{message.Text}\n");

// ── The recipe: generate with a pool, judge, pair ───────────────────────────────────────────────────────────────
Heading("The UltraFeedback recipe");
var rowsToRun = int.TryParse(Environment.GetEnvironmentVariable("DISTILABEL_NOTEBOOK_ROWS"), out var n) ? n : 3;
var settings = LlmSettings.FromEnvironment(fallbackModelPath: Path.Combine(repoRoot, "..", "shared", "models", "stories260K.gguf"));
using var llm = await LlmClients.CreateAsync(settings);
// Two pool members (with real models: two different generators); each generation records its member's name.
var pool = new LlmPool(new PoolMember(llm, "generator-a", Concurrency: 1), new PoolMember(llm, "generator-b", Concurrency: 1));
var flow = new Flow()
    .Generate(pool, numGenerations: 3, new PipelineOptions { InstructionColumn = "instruction", MaxNewTokens = 48, Temperature = 0.8f, Seed = 42 })
    .Label(ultrafeedback, llm, new PipelineOptions { MaxNewTokens = 1024, Temperature = 0.7f, Seed = 7, Concurrency = 1 })
    .PreferencePairs();
Console.WriteLine($"Steps: {string.Join(" → ", flow.StepNames)}");
var pairs = new List<IReadOnlyDictionary<string, object?>>();
await foreach (var row in flow.RunAsync(FirstRows(Path.Combine(repoRoot, "samples", "ultrafeedback-prompts.jsonl"), rowsToRun)))
    pairs.Add(row.Values);
Console.WriteLine($"{pairs.Count} DPO pairs from {rowsToRun} prompts (a prompt whose ratings all tie gives none).");
foreach (var pair in pairs)
    Console.WriteLine($"  {pair["prompt"]}: chosen {pair["chosen_model"]} ({pair["chosen_rating"]}) over {pair["rejected_model"]} ({pair["rejected_rating"]})");

var output = Path.Combine(Path.GetTempPath(), "distilabel-ultrafeedback-dpo.jsonl");
await DatasetFiles.WriteAsync(output, pairs);
Console.WriteLine($"Wrote {output}");

// ── The same recipe in one call (the notebook's #!distilabel run cell) ──────────────────────────────────────────
Heading("The recipe file in one call");
var outputFolder = Environment.GetEnvironmentVariable("DISTILABEL_NOTEBOOK_OUTPUT") is { Length: > 0 } folder ? folder : Path.Combine(repoRoot, "artifacts", "notebooks");
var job = await RecipeJob.RunAsync(
    Path.Combine(repoRoot, "samples", "recipes", "ultrafeedback.yaml"),
    LabelJobOptions.Defaults(Path.Combine(repoRoot, "samples", "ultrafeedback-prompts.jsonl"), Path.Combine(outputFolder, "ultrafeedback-dpo.jsonl")) with { Limit = rowsToRun });
Console.WriteLine($"{job.Result.Succeeded} of {job.Result.Rows} rows written, {job.Result.RowsFromJournal} from the journal ({job.Status}) → {job.Result.OutputPath}");
Console.WriteLine("The same on the command line: dotnet run --project src/Distilabel.Cli -- run samples/recipes/ultrafeedback.yaml --input samples/ultrafeedback-prompts.jsonl --output dpo.jsonl");
Console.WriteLine("Done.");

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────
static string FindRepoRoot()
{
    var starts = new[] { Environment.CurrentDirectory, Path.GetDirectoryName(AppContext.GetData("EntryPointFilePath") as string) };
    foreach (var start in starts.OfType<string>())
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distilabel.Notebooks.sln")))
                return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run this from inside the Distilabel.NET repository (no Distilabel.Notebooks.sln above " + Environment.CurrentDirectory + ").");
}

// The first rows of a dataset file, streamed.
static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> FirstRows(string path, int count)
{
    var taken = 0;
    await foreach (var row in DatasetFiles.ReadAsync(path))
    {
        if (taken++ == count)
            yield break;
        yield return row;
    }
}

static void Heading(string text) => Console.WriteLine($"{Environment.NewLine}== {text} ==");

namespace Tutorial.Judges
{
    /// <summary>A judge of brevity that asks, in its own user message, for the generated answer format; no system message.</summary>
    [LlmTask(Name = "brevity", UserPrompt = "Is this answer as short as it can be while still complete?\n\n{answer}\n\n{answer_format}")]
    public partial record BrevityJudge
    {
        [Input] public required string Answer { get; init; }

        [Rating(1, 5, Description = "1: padded; 5: nothing to cut.")]
        public int? Brevity { get; init; }
    }
}

#:project ../src/Distilabel/Distilabel.csproj
#:project ../src/Distilabel.LlamaCpp/Distilabel.LlamaCpp.csproj
#:property PublishAot=false

// The file-based twin of 01-helpsteer-aif.ipynb: the same steps, with console output instead of HTML.
// From the repository root:   dotnet run notebooks/01-helpsteer-aif.cs
//
// Environment (all optional):
//   DISTILABEL_NOTEBOOK_ROWS   rows to label (default 10)
//   OPENAI_API_KEY             label with OpenAI (model DISTILABEL_MODEL, default gpt-4)
//   OPENAI_BASE_URL            label with an OpenAI-compatible server (model DISTILABEL_MODEL, required)
//   DISTILABEL_MODEL           otherwise: the GGUF file for in-process llama.cpp
//                              (default ../shared/models/stories260K.gguf beside the repository, else a download)
//   DISTILABEL_LLAMACPP_THREADS  llama.cpp CPU threads (1 is fastest for tiny models)
//   DISTILABEL_NOTEBOOK_OUTPUT folder for the Parquet export (default artifacts/notebooks)
//   HF_HUB_OFFLINE=1           do not try the Hugging Face Hub; use the shipped sample
using System.Text.Encodings.Web;
using System.Text.Json;
using Distilabel;
using Distilabel.Data;
using Distilabel.Data.Hub;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Rendering;

var repoRoot = FindRepoRoot();
var rowCount = int.TryParse(Environment.GetEnvironmentVariable("DISTILABEL_NOTEBOOK_ROWS"), out var n) && n > 0 ? n : 10;

// ── Step 1: the task ────────────────────────────────────────────────────────────────────────────────────────────
// HelpSteerJudge is declared at the end of this file; the source generator wrote its prompt, parser and schemas.
Heading("Step 1 · the task");
var descriptor = HelpSteerJudge.Descriptor;
Console.WriteLine($"Task '{descriptor.Name}': inputs {string.Join(", ", descriptor.Inputs.Select(i => i.Name))}");
foreach (var output in descriptor.Outputs)
    Console.WriteLine($"  rating {output.Name} {output.Min}–{output.Max}: {output.Description}");
var example = HelpSteerJudge.FromRow(new Dictionary<string, object?>
{
    ["prompt"] = "What is the boiling point of water at sea level?",
    ["response"] = "100 °C (212 °F).",
});
Console.WriteLine("The chat sent to the LLM for one row:");
foreach (var message in example.BuildPrompt())
    Console.WriteLine($"  [{message.Role}] {Indent(message.Text)}");

// ── Step 2: the data ────────────────────────────────────────────────────────────────────────────────────────────
Heading("Step 2 · the data");
string[] humanRatings = ["helpfulness", "correctness", "coherence", "complexity", "verbosity"];
List<Row>? rows = null;
if (Environment.GetEnvironmentVariable("HF_HUB_OFFLINE") is "1" or "true")
{
    Console.WriteLine("HF_HUB_OFFLINE is set: not trying the Hugging Face Hub.");
}
else
{
    try
    {
        using var hubTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        rows = await HubDatasets.LoadAsync("nvidia/HelpSteer", "train[:1000]", new HubOptions { Timeout = TimeSpan.FromSeconds(15) }, hubTimeout.Token)
            .RemoveColumns(humanRatings)
            .Take(rowCount)
            .ToListAsync(hubTimeout.Token);
        Console.WriteLine($"Loaded {rows.Count} rows of nvidia/HelpSteer train[:1000] from the Hugging Face Hub.");
    }
    catch (Exception e) when (e is HubException or HttpRequestException or OperationCanceledException or IOException)
    {
        Console.WriteLine($"The Hugging Face Hub is not reachable ({FirstLine(e.Message)}).");
    }
}

if (rows is null)
{
    var sample = Path.Combine(repoRoot, "samples", "helpsteer-sample.jsonl");
    Console.WriteLine($"Using the shipped sample {Path.GetRelativePath(repoRoot, sample)}.");
    rows = await DatasetFiles.ReadAsync(sample)
        .RemoveColumns(humanRatings, ignoreMissing: true) // the sample has no human ratings; the Hub's split has all five
        .Take(rowCount)
        .ToListAsync();
}

Console.WriteLine($"{rows.Count} rows, columns: {string.Join(", ", rows.SelectMany(r => r.Keys).Distinct())}");

// ── Step 3: the labeller LLM and the run ────────────────────────────────────────────────────────────────────────
Heading("Step 3 · label");
// The labeller: an OpenAI-compatible server (OPENAI_BASE_URL + DISTILABEL_MODEL), OpenAI (OPENAI_API_KEY), else llama.cpp in-process.
var settings = LlmSettings.FromEnvironment(fallbackModelPath: Path.Combine(repoRoot, "..", "shared", "models", "stories260K.gguf"));
Console.WriteLine($"Labeller: {settings.Provider} · {settings.Model ?? "default model (downloaded once)"}");
using var judge = await LlmClients.CreateAsync(settings);
var pipeline = LabellingPipeline.For<HelpSteerJudge>(judge, new PipelineOptions
{
    MaxNewTokens = 128,
    Temperature = 0,
    Seed = 42,
    Concurrency = settings.Provider == LlmProvider.LlamaCpp ? settings.LlamaCppParallelism : 4,
});

var title = $"{descriptor.Name} · {pipeline.LabellerName}";
var labelled = await pipeline.RunAsync(rows, new Reporter<PipelineProgress>(p => PrintProgress(p with { Title = title })));
Console.WriteLine($"Labelled {labelled.Count(r => r.Succeeded)} of {labelled.Count} rows ({labelled.Count(r => !r.Succeeded)} failed).");

// ── Step 4: look at the result ──────────────────────────────────────────────────────────────────────────────────
Heading("Step 4 · the result");
var ratingNames = descriptor.Outputs.Select(o => o.Name).ToList();
Console.WriteLine("  #  " + string.Join(" ", ratingNames.Select(r => r.PadRight(12))) + "error");
foreach (var row in labelled)
{
    var cells = ratingNames.Select(r => Bar(row.Values[r] as int?).PadRight(12));
    Console.WriteLine($"{row.Index,3}  {string.Join(" ", cells)}{row.Error}");
}

Console.WriteLine("Rating distributions:");
foreach (var output in descriptor.Outputs)
{
    var counts = Enumerable.Range(output.Min!.Value, output.Max!.Value - output.Min.Value + 1)
        .Select(v => $"{v}:{labelled.Count(r => r.Values[output.Name] as int? == v)}");
    var nulls = labelled.Count(r => r.Values[output.Name] is null);
    Console.WriteLine($"  {output.Name,-12} {string.Join("  ", counts)}  null:{nulls}");
}

var frame = labelled.Select(r => r.Values).ToDataFrame();
Console.WriteLine($"DataFrame: {frame.Rows.Count} rows × {frame.Columns.Count} columns ({string.Join(", ", frame.Columns.Select(c => c.Name))})");

// ── Export ──────────────────────────────────────────────────────────────────────────────────────────────────────
var outputFolder = Environment.GetEnvironmentVariable("DISTILABEL_NOTEBOOK_OUTPUT") is { Length: > 0 } folder ? folder : Path.Combine(repoRoot, "artifacts", "notebooks");
Directory.CreateDirectory(outputFolder);
var parquet = Path.Combine(outputFolder, "helpsteer-aif.parquet");
var written = await DatasetFiles.WriteAsync(parquet, labelled.Select(r => r.Values));
var readBack = await DatasetFiles.ReadAsync(parquet).CountAsync();
Console.WriteLine($"Wrote {written} rows to {parquet} (read back: {readBack} rows).");

// ── The same job as the command line, in one call (the notebook's #!distilabel label cell) ──────────────────────
Heading("The one-call job");
var job = await LabelJob.RunAsync(
    LlmTaskDefinition.Of<HelpSteerJudge>(),
    settings,
    LabelJobOptions.Defaults(Path.Combine(repoRoot, "samples", "helpsteer-sample.jsonl"), Path.Combine(outputFolder, "helpsteer-job.jsonl")) with { Limit = rowCount },
    new PipelineOptions { Seed = 42 });
Console.WriteLine($"{job.Result.Succeeded} of {job.Result.Rows} rows labelled, {job.Result.RowsFromJournal} from the journal ({job.Status}) → {job.Result.OutputPath}");

// ── Step 5: what Argilla would receive ──────────────────────────────────────────────────────────────────────────
Heading("Argilla preview (nothing is pushed)");
var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
var argilla = HelpSteerJudge.ArgillaSettings;
Console.WriteLine("Dataset settings:");
Console.WriteLine(JsonSerializer.Serialize(new { argilla.Guidelines, argilla.Fields, Questions = argilla.Questions.Cast<object>() }, json));
Console.WriteLine("The first records (ratings shifted to Argilla's 1–5 scale):");
var records = labelled.Take(2).Select(r => HelpSteerJudge.FromRow(r.Values).ToArgillaRecord()).ToList();
Console.WriteLine(JsonSerializer.Serialize(records, json));
Console.WriteLine("Done.");

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────
static void PrintProgress(PipelineProgress p)
    => Console.WriteLine($"  {p.Title}: {p.Completed}/{p.Total} rows · {p.Failed} failed · {p.RowsPerSecond:0.0} rows/s · tokens in {p.InputTokens} out {p.OutputTokens}");

static string Bar(int? rating) => rating is { } r ? $"{r} {new string('█', r)}{new string('░', 4 - Math.Clamp(r, 0, 4))}" : "null";

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

static void Heading(string text) => Console.WriteLine($"{Environment.NewLine}== {text} ==");

static string FirstLine(string text) => text.Split('\n')[0].Trim();

static string Indent(string text) => text.ReplaceLineEndings(Environment.NewLine + "      ");

/// <summary>Reports progress on the calling thread (System.Progress would post it to the thread pool, out of order).</summary>
sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>The HelpSteer judge: five ratings from 0 to 4, as the NVIDIA HelpSteer annotators gave them.</summary>
[LlmTask(
    Name = "helpsteer_judge",
    Description = "Rates an assistant's response on the five HelpSteer attributes (0-4).",
    Guidelines = "https://huggingface.co/datasets/nvidia/HelpSteer",
    SystemPrompt = """
        You review the answers of an AI assistant. You are shown what a user asked (the prompt) and what the assistant answered (the response).
        Judge the response alone, on five attributes, each a whole number from 0 (worst) to 4 (best):
        correctness (true and complete), coherence (clear and well organised), complexity (how much expertise writing it takes),
        verbosity (how much detail it gives compared with what was asked) and helpfulness (how useful it is overall).
        """)]
public partial record HelpSteerJudge
{
    [Input] public required string Prompt { get; init; }

    [Input] public required string Response { get; init; }

    [Rating(0, 4, Description = "True and complete: no errors, nothing important missing.")]
    public int? Correctness { get; init; }

    [Rating(0, 4, Description = "Clear, consistent and well organised.")]
    public int? Coherence { get; init; }

    [Rating(0, 4, Description = "How much expertise it takes to write (0: anyone, 4: a specialist).")]
    public int? Complexity { get; init; }

    [Rating(0, 4, Description = "Detail compared with what was asked (0: terse, 4: very long).")]
    public int? Verbosity { get; init; }

    [Rating(0, 4, Description = "How useful the response is overall.")]
    public int? Helpfulness { get; init; }
}

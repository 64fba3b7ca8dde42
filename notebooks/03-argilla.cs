#:project ../src/Distilabel/Distilabel.csproj
#:project ../src/Distilabel.LlamaCpp/Distilabel.LlamaCpp.csproj
#:property PublishAot=false

// The file-based twin of 03-argilla.ipynb: the same steps, with console output instead of HTML.
// From the repository root:   dotnet run notebooks/03-argilla.cs
//
// Environment:
//   ARGILLA_API_URL, ARGILLA_API_KEY   the Argilla 2.x server and an owner's API key (required; the owner creates the two
//                                      simulated reviewers, each with their own key)
//   ARGILLA_WORKSPACE                  the workspace (default admin)
//   DISTILABEL_ARGILLA_DATASET         the dataset (default HelpSteer-AIF-notebook; updated when it exists)
//   DISTILABEL_NOTEBOOK_ROWS           rows to label (default 10)
//   OPENAI_API_KEY / OPENAI_BASE_URL + DISTILABEL_MODEL / DISTILABEL_MODEL   the labeller, as in 01-helpsteer-aif.cs
//   DISTILABEL_NOTEBOOK_OUTPUT         folder for the offline hand-off (default artifacts/notebooks)
using System.Globalization;
using Distilabel;
using Distilabel.Argilla;
using Distilabel.Argilla.Agreement;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;

var repoRoot = FindRepoRoot();
var rowCount = int.TryParse(Environment.GetEnvironmentVariable("DISTILABEL_NOTEBOOK_ROWS"), out var n) && n > 0 ? n : 10;
var workspaceName = Environment.GetEnvironmentVariable("ARGILLA_WORKSPACE") is { Length: > 0 } ws ? ws : "admin";
var datasetName = Environment.GetEnvironmentVariable("DISTILABEL_ARGILLA_DATASET") is { Length: > 0 } ds ? ds : "HelpSteer-AIF-notebook";

// ── Step 1: connect ─────────────────────────────────────────────────────────────────────────────────────────────
Heading("Step 1 · connect to Argilla");
// The task is declared at the end of this file; registering it lets a pull find it from the records' metadata.
var task = LlmTaskRegistry.Register<HelpSteerJudge>();
using var argilla = new ArgillaClient(); // ARGILLA_API_URL and ARGILLA_API_KEY
var me = await argilla.GetMeAsync();
Console.WriteLine($"Connected to Argilla as {me.Username} ({me.Role}); workspace '{workspaceName}', dataset '{datasetName}'.");

// ── Step 2: label a few rows ────────────────────────────────────────────────────────────────────────────────────
Heading("Step 2 · label");
var sample = Path.Combine(repoRoot, "samples", "helpsteer-sample.jsonl");
var rows = await DatasetFiles.ReadAsync(sample).Take(rowCount).ToListAsync();
var settings = LlmSettings.FromEnvironment(fallbackModelPath: Path.Combine(repoRoot, "..", "shared", "models", "stories260K.gguf"));
using var judge = await LlmClients.CreateAsync(settings);
var pipeline = LabellingPipeline.For<HelpSteerJudge>(judge, new PipelineOptions
{
    MaxNewTokens = 128,
    Temperature = 0,
    Seed = 42,
    Concurrency = settings.Provider == LlmProvider.LlamaCpp ? settings.LlamaCppParallelism : 4,
});
var labelled = await pipeline.RunAsync(rows);
Console.WriteLine($"Labelled {labelled.Count(r => r.Succeeded)} of {labelled.Count} rows with {pipeline.LabellerName}.");

// ── Step 3: push for review ─────────────────────────────────────────────────────────────────────────────────────
Heading("Step 3 · push to Argilla");
var summary = await labelled.ToArgilla(task).PushToArgillaAsync(argilla, datasetName, workspaceName, new ArgillaPushOptions
{
    IfExists = ArgillaIfExists.Update, // running again updates the same records (their ids hash the inputs)
    Progress = new Reporter<ArgillaPushProgress>(p => Console.WriteLine($"  {p.RecordsSent} records sent")),
});
Console.WriteLine($"Pushed {summary.RecordsPushed} records to '{summary.DatasetName}' in '{summary.Workspace}': review them at {summary.Url}");

// ── Step 4: two reviewers answer ────────────────────────────────────────────────────────────────────────────────
// In real life people answer in the Argilla UI. Here two reviewers are simulated through the API, each a user with their
// own API key: the owner creates them and adds them to the workspace. One agrees with the AI; the other is one point
// stricter on correctness and helpfulness in every other record.
Heading("Step 4 · two reviewers answer");
var workspace = await argilla.GetWorkspaceAsync(workspaceName);
var remote = (await argilla.FindDatasetAsync(datasetName, workspace))!;
var records = await argilla.ReadRecordsAsync(remote).ToListAsync();
var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
foreach (var (reviewer, strictness) in new[] { ("agreeing", 0), ("strict", 1) })
{
    var user = await argilla.CreateUserAsync($"reviewer-{reviewer}-{stamp}", Guid.NewGuid().ToString("N"), "annotator");
    await argilla.AddWorkspaceUserAsync(workspace, user);
    using var asReviewer = new ArgillaClient(new ArgillaClientOptions { ApiUrl = argilla.ApiUrl.ToString(), ApiKey = user.ApiKey });
    for (var i = 0; i < records.Count; i++)
    {
        var record = records[i];
        var answers = new Dictionary<string, object>();
        foreach (var question in task.ArgillaSettings.Questions.OfType<ArgillaRatingQuestion>())
        {
            var ai = record.Record.Suggestions.FirstOrDefault(s => s.QuestionName == question.Name)?.Value as int? ?? question.Values[question.Values.Count / 2];
            var stricter = question.Name is "correctness" or "helpfulness" && i % 2 == 1 ? strictness : 0;
            answers[question.Name] = Math.Max(question.Values[0], ai - stricter);
        }

        await asReviewer.SubmitResponseAsync(record.Id, answers);
    }

    Console.WriteLine($"Reviewer {user.Username} answered {records.Count} records.");
}

// ── Step 5: pull the answers back ───────────────────────────────────────────────────────────────────────────────
Heading("Step 5 · pull the human answers");
var pulled = await argilla.PullAsync(datasetName, workspaceName);
var reviewed = await pulled.Rows.ToListAsync();
Console.WriteLine($"Pulled {reviewed.Count} records of task '{pulled.Task.Descriptor.Name}' (restored from the records' metadata).");
Console.WriteLine("  #  " + string.Join("  ", task.Descriptor.Outputs.Select(o => $"{o.Name} AI/human(n)")));
for (var i = 0; i < reviewed.Count; i++)
{
    var row = reviewed[i];
    var cells = task.Descriptor.Outputs.Select(o => $"{Show(row[o.Name])}/{Show(row[o.Name + "_human"])}({row[o.Name + "_human_count"]})".PadRight(o.Name.Length + 13));
    Console.WriteLine($"{i,3}  {string.Join("  ", cells)}");
}

// ── Step 6: how far was the AI from the people? ─────────────────────────────────────────────────────────────────
Heading("Step 6 · agreement");
var report = AgreementReport.Compute(pulled.Task.Descriptor, reviewed);
Console.WriteLine($"{report.Records} records, {report.RecordsAnswered} answered (human value = the reviewers' majority, ties to the lower rating)");
Console.WriteLine($"{"rating",-12} {"pairs",5} {"exact",7} {"±1",7} {"mean|Δ|",8} {"kappa",7} {"spearman",9}");
foreach (var r in report.Ratings)
    Console.WriteLine($"{r.Output,-12} {r.Pairs,5} {Percent(r.ExactAgreement),7} {Percent(r.WithinOne),7} {Number(r.MeanAbsoluteDifference),8} {Number(r.QuadraticKappa),7} {Number(r.Spearman),9}{Note(r)}");

// ── Offline hand-off ────────────────────────────────────────────────────────────────────────────────────────────
Heading("Offline hand-off (Argilla's to_disk layout)");
var outputFolder = Environment.GetEnvironmentVariable("DISTILABEL_NOTEBOOK_OUTPUT") is { Length: > 0 } folder ? folder : Path.Combine(repoRoot, "artifacts", "notebooks");
var export = Path.Combine(outputFolder, "argilla-" + stamp);
var exported = await ArgillaDisk.WriteAsync(export, datasetName, labelled.ToArgilla(task));
Console.WriteLine($"Wrote {exported} records to {export} (.argilla/dataset.json, .argilla/settings.json, records.json): rg.Dataset.from_disk loads it.");
Console.WriteLine("Done.");

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────
static string Show(object? value) => value?.ToString() ?? "-";

static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

static string Note(RatingAgreement r) => r.SpearmanNote is { } note && r.Pairs > 0 ? $"  (no ρ: {note})" : "";

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

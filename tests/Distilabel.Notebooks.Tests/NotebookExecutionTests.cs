using System.Text.RegularExpressions;
using Distilabel.Data;
using Distilabel.Testing;
using Distilabel.Testing.Argilla;
using Distilabel.Testing.Hub;
using Xunit.Abstractions;

namespace Distilabel.Notebooks.Tests;

/// <summary>
/// Each notebook, executed end to end by a real Jupyter (`jupyter nbconvert --execute`) with the .NET Interactive
/// kernel, loading Distilabel from a freshly packed local feed, labelling with in-process llama.cpp and the tiny model.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookExecutionTests(NotebookEnvironment environment, ITestOutputHelper log)
{
    [NotebookFact]
    public async Task HelpSteer_walkthrough_loads_from_the_hub_labels_with_live_progress_and_exports()
    {
        // The Hub's HelpSteer is replaced by a loopback server speaking the Hub's contract (HF_ENDPOINT), holding
        // a few rows with the five human ratings the notebook must drop.
        await using var hub = await FakeHub.StartAsync();
        hub.AddDataset("nvidia/HelpSteer").AddParquetConversion("default", "train", await HelpSteerParquetAsync());

        var notebook = await environment.ExecuteAsync("01-helpsteer-aif", new Dictionary<string, string?> { ["HF_ENDPOINT"] = hub.Endpoint }, log);
        var outputs = notebook.AllOutputs;

        Assert.DoesNotContain(notebook.CodeCells, c => c.HasError);
        // The first cell loaded this run's packages from the feed, and the extension with them.
        Assert.Contains($"Distilabel.Interactive, {notebook.PackageVersion}", notebook.CodeCells[0].OutputText, StringComparison.Ordinal);
        Assert.Contains("Loading extensions from", notebook.CodeCells[0].OutputText, StringComparison.Ordinal);
        // Step 1: the #!llm-task cell compiled and showed the task.
        Assert.Contains("aria-label=\"LLM task helpsteer_judge\"", outputs, StringComparison.Ordinal);
        Assert.Contains("<correctness>X</correctness>", outputs, StringComparison.Ordinal);
        // Step 2: from the (fake) Hub, human ratings dropped.
        Assert.Contains("Loaded 3 rows of nvidia/HelpSteer train[:1000] from the Hugging Face Hub.", outputs, StringComparison.Ordinal);
        Assert.Contains("3 rows, columns: prompt, response\n", outputs, StringComparison.Ordinal);
        Assert.Contains(hub.Requests, r => r.Target.Contains("nvidia/HelpSteer", StringComparison.Ordinal));
        // Step 3: the live display was redrawn to the end.
        Assert.Contains("aria-label=\"pipeline progress\"", outputs, StringComparison.Ordinal);
        Assert.Contains("3 / 3 rows (100%)", outputs, StringComparison.Ordinal);
        Assert.Contains("Labelled 3 of 3 rows", outputs, StringComparison.Ordinal); // the grammar makes every answer parse
        // Step 4: the preview with rating bars and distributions, the DataFrame, the Parquet file, the Argilla records.
        Assert.Contains("Labelled dataset · helpsteer_judge", outputs, StringComparison.Ordinal);
        Assert.Contains("Rating distribution (3 rows)", outputs, StringComparison.Ordinal);
        foreach (var rating in new[] { "correctness", "coherence", "complexity", "verbosity", "helpfulness" })
        {
            Assert.Contains($"aria-label=\"{rating} distribution\"", outputs, StringComparison.Ordinal);
            Assert.Contains($"\"question_name\": \"{rating}\"", outputs, StringComparison.Ordinal);
        }

        Assert.Matches(new Regex("title=\"[0-4] of 0–4\"><span style=\"[^\"]*width:"), outputs); // a rating bar
        Assert.Contains("3 rows × 10 columns", outputs, StringComparison.Ordinal);
        Assert.Contains("\"guidelines\": \"https://huggingface.co/datasets/nvidia/HelpSteer\"", outputs, StringComparison.Ordinal);

        var parquet = Path.Combine(notebook.OutputDirectory, "helpsteer-aif.parquet");
        Assert.Contains($"Wrote 3 rows to {parquet} (read back: 3 rows).", outputs, StringComparison.Ordinal);

        // The #!distilabel cell: the library's one-call job, with the journal beside its output.
        var job = Assert.Single(notebook.CodeCells, c => c.Source.StartsWith("#!distilabel", StringComparison.Ordinal));
        Assert.Contains("3 of 3 rows labelled", job.OutputText, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(notebook.OutputDirectory, ".distilabel", "helpsteer-job.jsonl.journal.db")));
        var exported = await DatasetFiles.ReadAsync(parquet).ToListAsync();
        Assert.Equal(3, exported.Count);
        Assert.All(exported, row => Assert.Equal(
            ["prompt", "response", "correctness", "coherence", "complexity", "verbosity", "helpfulness", "labelling_model", "raw_labelling_response", "labelling_error"],
            row.Keys));
    }

    [NotebookFact]
    public async Task Custom_tasks_notebook_shows_the_derived_artifacts_and_the_DLB0004_mistake_without_stopping()
    {
        var notebook = await environment.ExecuteAsync("02-custom-tasks", environment: null, log);
        var outputs = notebook.AllOutputs;

        Assert.Contains("aria-label=\"LLM task support_reply_review\"", outputs, StringComparison.Ordinal);
        Assert.Contains("<agent_reply>…</agent_reply>", outputs, StringComparison.Ordinal);                  // the prompt
        Assert.Contains("value-resolution ::= (\"10\" | \"9\"", outputs, StringComparison.Ordinal);          // the grammar
        Assert.Contains("\"title\": \"support_reply_review\"", outputs, StringComparison.Ordinal);          // the JSON schema
        Assert.Contains("\"name\": \"agent_reply\"", outputs, StringComparison.Ordinal);                    // Argilla settings
        Assert.Contains("\"title\": \"Agent reply\"", outputs, StringComparison.Ordinal);
        // Every row's ratings were parsed (a resolution bar per row); the tiny model never closes the free-text
        // rationale within the token budget, so how many rows count as labelled is not asserted here (see TwinTests).
        Assert.Matches(@"Labelled [0-4] of 4 rows with stories260K\.", outputs);
        Assert.Equal(4, Regex.Matches(outputs, "title=\"(?:10|[1-9]) of 1–10\"").Count);
        Assert.Contains("Labelled dataset · support_reply_review", outputs, StringComparison.Ordinal);
        Assert.Contains("\"customer_message\": \"My left earbud", outputs, StringComparison.Ordinal);        // an Argilla record

        // The mistake: reported by CellTaskCompiler in a cell that succeeds ...
        var compiled = Assert.Single(notebook.CodeCells, c => c.Source.Contains("CellTaskCompiler.Compile", StringComparison.Ordinal));
        Assert.False(compiled.HasError);
        Assert.Contains("error DLB0004: [Rating(5, 1)] on 'Persuasiveness': the minimum 5 is greater than the maximum 1", compiled.OutputText, StringComparison.Ordinal);
        // ... and by a real #!llm-task cell, which fails as expected (tagged raises-exception, so the run went on).
        var failing = Assert.Single(notebook.CodeCells, c => c.HasError);
        Assert.StartsWith("#!llm-task", failing.Source, StringComparison.Ordinal);
        Assert.Contains("raises-exception", failing.Tags);
        Assert.Contains("The LLM task declaration has an error", failing.OutputText, StringComparison.Ordinal);
        Assert.Contains("DLB0004", failing.OutputText, StringComparison.Ordinal);
        Assert.Contains("the minimum 5 is greater than the maximum 1", failing.OutputText, StringComparison.Ordinal);
    }

    [NotebookFact]
    public async Task Argilla_notebook_pushes_simulates_two_reviewers_pulls_and_shows_the_agreement_report()
    {
        await using var argilla = await FakeArgilla.StartAsync();
        var notebook = await environment.ExecuteAsync("03-argilla", ArgillaNotebook.Environment(argilla), log);
        var outputs = notebook.AllOutputs;

        Assert.DoesNotContain(notebook.CodeCells, c => c.HasError);
        Assert.Contains("Connected to Argilla as argilla (owner)", outputs, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Argilla push\"", outputs, StringComparison.Ordinal);
        Assert.Contains("3 records pushed", outputs, StringComparison.Ordinal);
        Assert.Matches(@"Reviewer reviewer-strict-\d+ answered 3 records\.", outputs);
        Assert.Contains("Pulled 3 records of task 'helpsteer_judge'", outputs, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"AI and human agreement\"", outputs, StringComparison.Ordinal);
        Assert.Contains("quadratic κ", outputs, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeArgilla.OwnerApiKey, outputs, StringComparison.Ordinal);
        ArgillaNotebook.AssertReviewed(argilla);
    }

    /// <summary>The shipped sample's first rows with five human ratings, as the Hub's Parquet conversion would hold them.</summary>
    private async Task<byte[]> HelpSteerParquetAsync()
    {
        var sample = await DatasetFiles.ReadAsync(Path.Combine(SharedFiles.RepoRoot, "samples", "helpsteer-sample.jsonl")).Take(5).ToListAsync();
        var rows = sample.Select((row, i) => new Dictionary<string, object?>
        {
            ["prompt"] = row["prompt"],
            ["response"] = row["response"],
            ["helpfulness"] = i % 5,
            ["correctness"] = (i + 1) % 5,
            ["coherence"] = 4,
            ["complexity"] = 1,
            ["verbosity"] = 2,
        });
        var path = Path.Combine(environment.NewDirectory("hub"), "train.parquet");
        await DatasetFiles.WriteAsync(path, rows);
        return await File.ReadAllBytesAsync(path);
    }

    [NotebookFact]
    public async Task Ultrafeedback_notebook_lists_the_library_reads_ultracm_answers_and_writes_dpo_pairs()
    {
        var notebook = await environment.ExecuteAsync("04-ultrafeedback", environment: null, log);
        var outputs = notebook.AllOutputs;

        Assert.Contains("ultrafeedback: instruction, generations -> ratings, rationales  [aspect=overall-rating]", outputs, StringComparison.Ordinal);
        Assert.Contains("ultrafeedback with aspect=helpfulness: ratings, rationales, types, rationales_for_ratings", outputs, StringComparison.Ordinal);
        Assert.Contains("prometheus: instruction, generation, generations, reference -> feedback, result", outputs, StringComparison.Ordinal);
        Assert.Contains("#### Output for Text 1", outputs, StringComparison.Ordinal);
        Assert.Contains("ratings: [5, 1]", outputs, StringComparison.Ordinal);
        Assert.Contains("rationales: [Correct: 11 is prime. | 15 = 3 x 5 is not prime.]", outputs, StringComparison.Ordinal);
        Assert.Contains("Answer with exactly these tags, in this order, and nothing else:\n<brevity>X</brevity>", outputs.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Steps: generate → ultrafeedback → preference_pairs", outputs, StringComparison.Ordinal);
        Assert.Matches(@"[1-3] DPO pairs from 3 prompts", outputs);
        // The #!distilabel run cell: the recipe file through RecipeJob, with the journal beside its output.
        var recipe = Assert.Single(notebook.CodeCells, c => c.Source.StartsWith("#!distilabel", StringComparison.Ordinal));
        Assert.Matches(@"\d+ of \d+ rows written → .*ultrafeedback-dpo\.jsonl", recipe.OutputText);
        Assert.True(File.Exists(Path.Combine(notebook.OutputDirectory, ".distilabel", "ultrafeedback-dpo.jsonl.journal.db")));
        Assert.DoesNotContain(notebook.CodeCells, c => c.HasError);
    }
}

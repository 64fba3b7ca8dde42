using System.Text.RegularExpressions;
using Distilabel.Testing.Argilla;
using Xunit.Abstractions;

namespace Distilabel.Notebooks.Tests;

/// <summary>Each notebook's file-based twin, run as the README says: `dotnet run notebooks/NN-name.cs` from the repository root.</summary>
[Collection(NotebookCollection.Name)]
public sealed class TwinTests(NotebookEnvironment environment, ITestOutputHelper log)
{
    [TwinFact]
    public async Task HelpSteer_twin_falls_back_to_the_sample_labels_and_exports()
    {
        var run = await environment.RunTwinAsync("01-helpsteer-aif", new Dictionary<string, string?> { ["HF_HUB_OFFLINE"] = "1" }, log);
        var output = run.StdOut;

        Assert.Contains("Task 'helpsteer_judge': inputs prompt, response", output, StringComparison.Ordinal);
        Assert.Contains("<helpfulness>X</helpfulness>", output, StringComparison.Ordinal);
        Assert.Contains("HF_HUB_OFFLINE is set: not trying the Hugging Face Hub.", output, StringComparison.Ordinal);
        Assert.Contains("Using the shipped sample samples/helpsteer-sample.jsonl.", output, StringComparison.Ordinal);
        Assert.Contains("3 rows, columns: prompt, response", output, StringComparison.Ordinal);
        Assert.Contains("Labeller: LlamaCpp", output, StringComparison.Ordinal);
        Assert.Contains("helpsteer_judge · stories260K: 3/3 rows", output, StringComparison.Ordinal);
        Assert.Contains("Labelled 3 of 3 rows", output, StringComparison.Ordinal); // the grammar makes every answer parse
        Assert.Contains("Rating distributions:", output, StringComparison.Ordinal);
        Assert.Contains("DataFrame: 3 rows × 10 columns", output, StringComparison.Ordinal);
        Assert.Matches(@"Wrote 3 rows to .*helpsteer-aif\.parquet \(read back: 3 rows\)\.", output);
        Assert.Contains("\"question_name\": \"helpfulness\"", output, StringComparison.Ordinal);
        Assert.EndsWith("Done.", output.TrimEnd(), StringComparison.Ordinal);
    }

    [TwinFact]
    public async Task Custom_tasks_twin_shows_the_derived_artifacts_labels_and_reports_DLB0004()
    {
        var run = await environment.RunTwinAsync("02-custom-tasks", environment: null, log);
        var output = run.StdOut;

        Assert.Contains("Task 'support_reply_review'", output, StringComparison.Ordinal);
        Assert.Contains("input  agent_reply (property Reply, title \"Agent reply\")", output, StringComparison.Ordinal);
        Assert.Contains("output resolution: Rating 1–10", output, StringComparison.Ordinal);
        Assert.Contains("output politeness: Rating 0–4", output, StringComparison.Ordinal);
        Assert.Contains("output rationale: Text", output, StringComparison.Ordinal);
        Assert.Contains("value-resolution ::= (\"10\" | \"9\"", output, StringComparison.Ordinal);
        Assert.Contains("\"title\": \"support_reply_review\"", output, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"agent_reply\"", output, StringComparison.Ordinal);
        // Every row was asked and its ratings parsed (grammar-constrained decoding ran). The tiny story model never
        // closes the free-text rationale within the token budget (the grammar does not bound free text), so a row
        // counts as labelled only when its line shows no error: the summary must agree with the rows.
        var rowLines = Regex.Matches(output, @"^  [0-3]: resolution (?:10|[1-9]), politeness [0-4], rationale .*$", RegexOptions.Multiline);
        Assert.Equal(4, rowLines.Count);
        var labelled = rowLines.Count(m => !m.Value.Contains(" · ", StringComparison.Ordinal));
        Assert.Contains($"Labelled {labelled} of 4 rows with stories260K.", output, StringComparison.Ordinal);
        Assert.Contains("error DLB0004: [Rating(5, 1)] on 'Persuasiveness': the minimum 5 is greater than the maximum 1", output, StringComparison.Ordinal);
        Assert.EndsWith("Done.", output.TrimEnd(), StringComparison.Ordinal);
    }

    [TwinFact]
    public async Task Argilla_twin_pushes_simulates_two_reviewers_pulls_and_reports_agreement()
    {
        await using var argilla = await FakeArgilla.StartAsync();
        var run = await environment.RunTwinAsync("03-argilla", ArgillaNotebook.Environment(argilla), log);
        var output = run.StdOut;

        Assert.Contains("Connected to Argilla as argilla (owner); workspace 'admin', dataset 'HelpSteer-AIF-notebook'.", output, StringComparison.Ordinal);
        Assert.Contains("Labelled 3 of 3 rows with stories260K.", output, StringComparison.Ordinal); // the grammar makes every answer parse
        Assert.Contains("Pushed 3 records to 'HelpSteer-AIF-notebook' in 'admin'", output, StringComparison.Ordinal);
        Assert.Matches(@"Reviewer reviewer-agreeing-\d+ answered 3 records\.", output);
        Assert.Matches(@"Reviewer reviewer-strict-\d+ answered 3 records\.", output);
        Assert.Contains("Pulled 3 records of task 'helpsteer_judge' (restored from the records' metadata).", output, StringComparison.Ordinal);
        Assert.Contains("3 records, 3 answered", output, StringComparison.Ordinal);
        Assert.Matches(@"Wrote 3 records to .*argilla-\d+", output);
        Assert.EndsWith("Done.", output.TrimEnd(), StringComparison.Ordinal);
        ArgillaNotebook.AssertReviewed(argilla);
    }

    [TwinFact]
    public async Task Ultrafeedback_twin_lists_the_library_reads_ultracm_answers_and_writes_dpo_pairs()
    {
        var run = await environment.RunTwinAsync("04-ultrafeedback", environment: null, log);
        var output = run.StdOut;

        Assert.Contains("ultrafeedback: instruction, generations -> ratings, rationales  [aspect=overall-rating]", output, StringComparison.Ordinal);
        Assert.Contains("judgelm: instruction, generations -> ratings, rationale", output, StringComparison.Ordinal);
        Assert.Contains("text-generation: instruction, system_prompt -> generation", output, StringComparison.Ordinal);
        Assert.Contains("ultrafeedback with aspect=helpfulness: ratings, rationales, types, rationales_for_ratings", output, StringComparison.Ordinal);
        Assert.Contains("ratings: [5, 1]", output, StringComparison.Ordinal);
        Assert.Contains("── user ──\nIs this answer as short as it can be while still complete?", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Steps: generate → ultrafeedback → preference_pairs", output, StringComparison.Ordinal);
        var pairs = System.Text.RegularExpressions.Regex.Match(output, @"([0-3]) DPO pairs from 3 prompts");
        Assert.True(pairs.Success, output);
        Assert.Equal(int.Parse(pairs.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            System.Text.RegularExpressions.Regex.Matches(output, @"chosen generator-[ab] \([2-5]\) over generator-[ab] \([1-4]\)").Count);
        Assert.Matches(@"\d+ of \d+ rows written, 0 from the journal \((Succeeded|RowsFailed)\) → .*ultrafeedback-dpo\.jsonl", output);
        Assert.EndsWith("Done.", output.TrimEnd(), StringComparison.Ordinal);
    }
}

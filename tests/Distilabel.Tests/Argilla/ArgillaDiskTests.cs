using System.Text.Json.Nodes;
using Distilabel.Argilla;
using Distilabel.Tests.Data;

namespace Distilabel.Tests.Argilla;

/// <summary>Argilla 2.x's <c>Dataset.to_disk</c> layout, written and read.</summary>
public sealed class ArgillaDiskTests
{
    [Fact]
    public async Task A_labelled_dataset_is_written_in_the_SDKs_layout()
    {
        using var temp = new TempDirectory();
        var written = await ArgillaDisk.WriteAsync(temp.Path, "HelpSteer-AIF", ArgillaTestData.Rows(3).ToArgilla(ArgillaTestData.HelpSteerTask));
        Assert.Equal(3, written);

        var dataset = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, ".argilla", "dataset.json")))!;
        Assert.Equal("HelpSteer-AIF", (string?)dataset["name"]);
        Assert.Equal("ready", (string?)dataset["status"]);
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, ".argilla", "settings.json")))!;
        Assert.Equal(["correctness", "coherence", "complexity", "verbosity", "helpfulness"], settings["questions"]!.AsArray().Select(q => (string)q!["name"]!));
        Assert.Equal("rating", (string?)settings["questions"]![0]!["type"]);
        Assert.Equal("""[{"value":1},{"value":2},{"value":3},{"value":4},{"value":5}]""", settings["questions"]![0]!["settings"]!["options"]!.ToJsonString());
        Assert.Equal("text", (string?)settings["fields"]![1]!["type"]);
        foreach (var key in new[] { "guidelines", "questions", "fields", "vectors", "metadata", "allow_extra_metadata", "distribution", "mapping" })
            Assert.True(settings.AsObject().ContainsKey(key), key);

        var records = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "records.json")))!.AsArray();
        Assert.Equal(3, records.Count);
        var first = records[0]!;
        Assert.Matches("^[0-9a-f]{32}-1$", (string?)first["id"]);
        Assert.Equal("prompt 0", (string?)first["fields"]!["prompt"]);
        Assert.Equal(1, (int)first["suggestions"]!["correctness"]!["value"]!);   // 0 on the task's scale
        Assert.Equal("gpt-4o", (string?)first["suggestions"]!["correctness"]!["agent"]);
        Assert.Equal("helpsteer", (string?)first["metadata"]!["distilabel_task"]);

        // Like the SDK, an existing export is not overwritten.
        var again = await Assert.ThrowsAsync<IOException>(() => ArgillaDisk.WriteAsync(temp.Path, "x", ArgillaTestData.Rows(1).ToArgilla(ArgillaTestData.HelpSteerTask)));
        Assert.Contains("already exists", again.Message, StringComparison.Ordinal);
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "records.json")))!.AsArray().Count);
    }

    [Fact]
    public async Task A_folder_exported_by_the_Python_SDK_reads_back_with_the_reviewers_answers()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, ".argilla"));
        // As Python's json.dump writes them (", " and ": " separators); responses keyed by question, one per user.
        File.WriteAllText(Path.Combine(temp.Path, ".argilla", "dataset.json"),
            """{"id": "2a7f8c56-0e1f-4c36-9d1c-2b6f3c1d4e5f", "inserted_at": "2024-11-04T10:00:00.123456", "updated_at": "2024-11-04T10:00:00.123456", "name": "reviewed", "status": "ready", "guidelines": "g", "allow_extra_metadata": false, "distribution": {"strategy": "overlap", "min_submitted": 1}, "workspace_id": "0b0a5a7e-2f4c-4a55-8d6e-1c2b3a4d5e6f", "last_activity_at": "2024-11-04T10:00:00.123456"}""");
        File.WriteAllText(Path.Combine(temp.Path, ".argilla", "settings.json"),
            """{"guidelines": "g", "questions": [{"id": "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "name": "helpfulness", "settings": {"type": "rating", "options": [{"value": 1}, {"value": 2}, {"value": 3}, {"value": 4}, {"value": 5}]}, "title": "helpfulness", "description": null, "required": true, "inserted_at": "2024-11-04T10:00:00", "updated_at": "2024-11-04T10:00:00", "type": "rating"}], "fields": [{"id": "6e2f3a4b-5c6d-4e7f-9081-92a3b4c5d6e7", "inserted_at": "2024-11-04T10:00:00", "updated_at": "2024-11-04T10:00:00", "name": "prompt", "settings": {"type": "text", "use_markdown": false}, "title": "prompt", "required": true, "description": null, "dataset_id": "2a7f8c56-0e1f-4c36-9d1c-2b6f3c1d4e5f", "type": "text"}, {"id": "7f3a4b5c-6d7e-4f80-a192-a3b4c5d6e7f8", "inserted_at": "2024-11-04T10:00:00", "updated_at": "2024-11-04T10:00:00", "name": "response", "settings": {"type": "text", "use_markdown": false}, "title": "response", "required": true, "description": null, "dataset_id": "2a7f8c56-0e1f-4c36-9d1c-2b6f3c1d4e5f", "type": "text"}], "vectors": [], "metadata": [], "allow_extra_metadata": false, "distribution": {"strategy": "overlap", "min_submitted": 1}, "mapping": {}}""");
        File.WriteAllText(Path.Combine(temp.Path, "records.json"),
            """[{"id": "a-1", "fields": {"prompt": "Is exercise good?", "response": "Yes."}, "metadata": {"distilabel_task": "helpsteer"}, "suggestions": {"helpfulness": {"value": 4, "score": 0.87, "agent": "gpt-4o"}}, "responses": {"helpfulness": [{"value": 5, "user_id": "8a4b5c6d-7e8f-4091-b2a3-b4c5d6e7f809"}, {"value": 4, "user_id": "9b5c6d7e-8f90-41a2-c3b4-c5d6e7f8091a"}]}, "vectors": {}, "status": "completed", "_server_id": "ac6d7e8f-9001-42b3-d4c5-d6e7f8091a2b"}, {"id": "b-1", "fields": {"prompt": "p", "response": "r"}, "metadata": {"distilabel_task": "helpsteer"}, "suggestions": {}, "responses": {}, "vectors": {}, "status": "pending", "_server_id": null}]""");

        var disk = await ArgillaDisk.ReadAsync(temp.Path);
        Assert.Equal("reviewed", disk.Name);
        Assert.Equal(["prompt", "response"], disk.Settings.Fields.Select(f => f.Name));
        Assert.Equal([1, 2, 3, 4, 5], ((ArgillaRatingQuestion)disk.Settings.Questions[0]).Values);

        var pulled = await ArgillaDisk.PullAsync(temp.Path);
        Assert.Equal("helpsteer", pulled.Task.Descriptor.Name);
        var rows = await pulled.Rows.ToListAsync();
        // Suggestion 4 → 3; answers 5 and 4 → 4 and 3: a tie, the lower 3.
        Assert.Equal((3L, 3L, 2L), (rows[0]["helpfulness"], rows[0]["helpfulness_human"], rows[0]["helpfulness_human_count"]));
        Assert.Equal((null, null, 0L), (rows[1]["helpfulness"], rows[1]["helpfulness_human"], rows[1]["helpfulness_human_count"]));
    }

    [Fact]
    public async Task Written_records_read_back_the_same_and_a_folder_without_the_layout_is_named()
    {
        using var temp = new TempDirectory();
        var rows = ArgillaTestData.Rows(5);
        await ArgillaDisk.WriteAsync(temp.Path, "again", rows.ToArgilla(ArgillaTestData.HelpSteerTask));
        var pulled = await ArgillaDisk.PullAsync(temp.Path);
        var back = await pulled.Rows.ToListAsync();
        Assert.Equal(rows.Select(r => r["correctness"]), back.Select(r => r["correctness"]));
        Assert.Equal(rows.Select(r => r["prompt"]), back.Select(r => r["prompt"]));
        Assert.All(back, r => Assert.Null(r["correctness_human"]));

        using var empty = new TempDirectory();
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => ArgillaDisk.ReadAsync(empty.Path));
        Assert.Contains("is not a folder written by Argilla's Dataset.to_disk", missing.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Distilabel.Argilla;

/// <summary>
/// Argilla 2.x's <c>Dataset.to_disk</c> layout, so a dataset can travel as files: <c>.argilla/dataset.json</c>,
/// <c>.argilla/settings.json</c> and <c>records.json</c> (a JSON array; each record's <c>id</c> is its external id,
/// suggestions and responses keyed by question name). A folder written here loads in Python with
/// <c>rg.Dataset.from_disk(path)</c>; one written by <c>dataset.to_disk(path)</c> reads back here with its reviewers' answers.
/// </summary>
public static class ArgillaDisk
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="dataset"/> as <paramref name="name"/> into <paramref name="directory"/> (created if
    /// needed; like the SDK, files already there are not overwritten). Records stream to disk; each file appears whole or not at all.</summary>
    /// <returns>The number of records written.</returns>
    public static async Task<long> WriteAsync(string directory, string name, ArgillaDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(dataset);
        var meta = Path.Combine(directory, ".argilla");
        var paths = new[] { Path.Combine(meta, "dataset.json"), Path.Combine(meta, "settings.json"), Path.Combine(directory, "records.json") };
        foreach (var path in paths)
        {
            if (File.Exists(path))
                throw new IOException($"'{path}' already exists: write the Argilla dataset into an empty folder.");
        }

        Directory.CreateDirectory(meta);
        var datasetId = Guid.NewGuid();
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var count = 0L;
        await WriteFileAsync(paths[2], async w =>
        {
            w.WriteStartArray();
            await foreach (var record in dataset.Records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                WriteRecord(w, record, dataset.Settings);
                if (++count % 1000 == 0)
                    await w.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            w.WriteEndArray();
        }, cancellationToken).ConfigureAwait(false);
        await WriteFileAsync(paths[1], w =>
        {
            WriteSettings(w, dataset.Settings, datasetId, now);
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        await WriteFileAsync(paths[0], w =>
        {
            w.WriteStartObject();
            w.WriteString("id", datasetId);
            w.WriteString("inserted_at", now);
            w.WriteString("updated_at", now);
            w.WriteString("name", name);
            w.WriteString("status", "ready");
            w.WriteString("guidelines", dataset.Settings.Guidelines);
            w.WriteBoolean("allow_extra_metadata", true);
            WriteDistribution(w);
            w.WriteNull("workspace_id");
            w.WriteString("last_activity_at", now);
            w.WriteEndObject();
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Reads a <c>to_disk</c> folder: the dataset name, its settings, and its records (streamed, with responses).</summary>
    /// <exception cref="FileNotFoundException">A file of the layout is missing.</exception>
    /// <exception cref="FormatException">A file is not what Argilla writes.</exception>
    public static async Task<ArgillaDiskDataset> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var datasetPath = Path.Combine(directory, ".argilla", "dataset.json");
        var settingsPath = Path.Combine(directory, ".argilla", "settings.json");
        var recordsPath = Path.Combine(directory, "records.json");
        foreach (var path in new[] { datasetPath, settingsPath })
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"'{path}' is missing: '{directory}' is not a folder written by Argilla's Dataset.to_disk.", path);
        }

        using var datasetJson = await ParseAsync(datasetPath, cancellationToken).ConfigureAwait(false);
        using var settingsJson = await ParseAsync(settingsPath, cancellationToken).ConfigureAwait(false);
        var name = datasetJson.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : Path.GetFileName(Path.GetFullPath(directory));
        var settings = ReadSettings(settingsJson.RootElement, settingsPath);
        return new ArgillaDiskDataset(name, settings, File.Exists(recordsPath) ? ReadRecordsAsync(recordsPath, cancellationToken) : AsyncEnumerable.Empty<ArgillaRecord>());
    }

    /// <summary>The rows of a <c>to_disk</c> folder with its reviewers' answers, as <see cref="ArgillaClient.PullAsync"/> gives them.</summary>
    public static async Task<ArgillaPulledDataset> PullAsync(string directory, LlmTaskDefinition? task = null, CancellationToken cancellationToken = default)
    {
        var disk = await ReadAsync(directory, cancellationToken).ConfigureAwait(false);
        var records = disk.Records.GetAsyncEnumerator(cancellationToken);
        ArgillaRecord? first = null;
        LlmTaskDefinition resolved;
        try
        {
            if (await records.MoveNextAsync().ConfigureAwait(false))
                first = records.Current;
            resolved = ArgillaPulledRows.ResolveTask(task, first, disk.Name);
        }
        catch
        {
            await records.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ArgillaPulledDataset(resolved, RowsAsync(records, first, resolved));
    }

    private static async IAsyncEnumerable<Data.Row> RowsAsync(IAsyncEnumerator<ArgillaRecord> records, ArgillaRecord? first, LlmTaskDefinition task)
    {
        await using (records.ConfigureAwait(false))
        {
            if (first is null)
                yield break;
            yield return ArgillaPulledRows.ToRow(first, task);
            while (await records.MoveNextAsync().ConfigureAwait(false))
                yield return ArgillaPulledRows.ToRow(records.Current, task);
        }
    }

    private static void WriteRecord(Utf8JsonWriter w, ArgillaRecord record, ArgillaDatasetSettings settings)
    {
        w.WriteStartObject();
        w.WriteString("id", record.ExternalId ?? Guid.NewGuid().ToString());
        ArgillaRecordJson.WriteFields(w, record.Fields);
        ArgillaRecordJson.WriteMetadata(w, record.Metadata);
        w.WriteStartObject("suggestions");
        foreach (var suggestion in record.Suggestions)
        {
            w.WriteStartObject(suggestion.QuestionName);
            w.WritePropertyName("value");
            ArgillaRecordJson.WriteValue(w, suggestion.Value);
            if (suggestion.Score is { } score)
                w.WriteNumber("score", score);
            else
                w.WriteNull("score");
            w.WriteString("agent", suggestion.Agent);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("responses");
        foreach (var group in (record.Responses ?? []).GroupBy(r => r.QuestionName))
        {
            w.WriteStartArray(group.Key);
            foreach (var response in group)
            {
                w.WriteStartObject();
                w.WritePropertyName("value");
                ArgillaRecordJson.WriteValue(w, response.Value);
                w.WriteString("user_id", response.UserId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteStartObject("vectors");
        w.WriteEndObject();
        w.WriteString("status", "pending");
        w.WriteNull("_server_id");
        w.WriteEndObject();
        _ = settings;
    }

    private static void WriteSettings(Utf8JsonWriter w, ArgillaDatasetSettings settings, Guid datasetId, string now)
    {
        w.WriteStartObject();
        w.WriteString("guidelines", settings.Guidelines);
        w.WriteStartArray("questions");
        foreach (var question in settings.Questions)
        {
            var type = question is ArgillaRatingQuestion ? "rating" : "text";
            w.WriteStartObject();
            w.WriteString("id", Guid.NewGuid());
            w.WriteString("name", question.Name);
            w.WriteStartObject("settings");
            w.WriteString("type", type);
            if (question is ArgillaRatingQuestion rating)
            {
                w.WriteStartArray("options");
                foreach (var value in rating.Values)
                {
                    w.WriteStartObject();
                    w.WriteNumber("value", value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
            else if (question is ArgillaTextQuestion text)
            {
                w.WriteBoolean("use_markdown", text.UseMarkdown);
            }

            w.WriteEndObject();
            w.WriteString("title", question.Title);
            w.WriteString("description", string.IsNullOrWhiteSpace(question.Description) ? null : question.Description);
            w.WriteBoolean("required", question.Required);
            w.WriteString("inserted_at", now);
            w.WriteString("updated_at", now);
            w.WriteString("type", type);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("fields");
        foreach (var field in settings.Fields)
        {
            w.WriteStartObject();
            w.WriteString("id", Guid.NewGuid());
            w.WriteString("inserted_at", now);
            w.WriteString("updated_at", now);
            w.WriteString("name", field.Name);
            w.WriteStartObject("settings");
            w.WriteString("type", "text");
            w.WriteBoolean("use_markdown", field.UseMarkdown);
            w.WriteEndObject();
            w.WriteString("title", field.Title);
            w.WriteBoolean("required", field.Required);
            w.WriteNull("description");
            w.WriteString("dataset_id", datasetId);
            w.WriteString("type", "text");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("vectors");
        w.WriteEndArray();
        w.WriteStartArray("metadata");
        w.WriteEndArray();
        w.WriteBoolean("allow_extra_metadata", true);
        WriteDistribution(w);
        w.WriteNull("mapping");
        w.WriteEndObject();
    }

    private static void WriteDistribution(Utf8JsonWriter w)
    {
        w.WriteStartObject("distribution");
        w.WriteString("strategy", "overlap");
        w.WriteNumber("min_submitted", 1);
        w.WriteEndObject();
    }

    private static ArgillaDatasetSettings ReadSettings(JsonElement root, string path)
    {
        try
        {
            var guidelines = root.TryGetProperty("guidelines", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
            var fields = root.GetProperty("fields").EnumerateArray()
                .Where(f => (f.TryGetProperty("type", out var t) ? t.GetString() : f.GetProperty("settings").GetProperty("type").GetString()) == "text")
                .Select(f => new ArgillaField(
                    f.GetProperty("name").GetString()!,
                    f.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString()! : f.GetProperty("name").GetString()!,
                    f.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True,
                    f.GetProperty("settings").TryGetProperty("use_markdown", out var md) && md.ValueKind == JsonValueKind.True))
                .ToList();
            var questions = new List<ArgillaQuestion>();
            foreach (var q in root.GetProperty("questions").EnumerateArray())
            {
                var s = q.GetProperty("settings");
                var name = q.GetProperty("name").GetString()!;
                var title = q.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : name;
                var description = q.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                var required = q.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
                switch (s.GetProperty("type").GetString())
                {
                    case "rating":
                        questions.Add(new ArgillaRatingQuestion(name, title, description, required, s.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetInt32()).ToArray(), 0));
                        break;
                    case "text":
                        questions.Add(new ArgillaTextQuestion(name, title, description, required, s.TryGetProperty("use_markdown", out var md) && md.ValueKind == JsonValueKind.True));
                        break;
                }
            }

            return new ArgillaDatasetSettings(guidelines, fields, questions);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"'{path}' is not an Argilla settings file: {e.Message}", e);
        }
    }

    private static async IAsyncEnumerable<ArgillaRecord> ReadRecordsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var number = 0;
        await foreach (var item in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("fields", out var fields))
                throw new FormatException($"'{path}': record {number} is not an Argilla record (no 'fields').");
            var suggestions = new List<ArgillaSuggestion>();
            if (item.TryGetProperty("suggestions", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                foreach (var q in s.EnumerateObject())
                {
                    if (q.Value.ValueKind == JsonValueKind.Object && q.Value.TryGetProperty("value", out var v) && ArgillaRecordJson.ReadValue(v) is { } value)
                    {
                        suggestions.Add(new ArgillaSuggestion(q.Name, value,
                            q.Value.TryGetProperty("agent", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null,
                            q.Value.TryGetProperty("score", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetDouble() : null));
                    }
                }
            }

            var responses = new List<ArgillaResponse>();
            if (item.TryGetProperty("responses", out var r) && r.ValueKind == JsonValueKind.Object)
            {
                foreach (var q in r.EnumerateObject().Where(q => q.Value.ValueKind == JsonValueKind.Array))
                {
                    foreach (var answer in q.Value.EnumerateArray())
                    {
                        // Exports made by the SDK may carry each response's status; only submitted answers count.
                        if (answer.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() != "submitted")
                            continue;
                        if (answer.TryGetProperty("value", out var v) && ArgillaRecordJson.ReadValue(v) is { } value)
                        {
                            var user = answer.TryGetProperty("user_id", out var u) && u.ValueKind == JsonValueKind.String && Guid.TryParse(u.GetString(), out var id) ? id : Guid.Empty;
                            responses.Add(new ArgillaResponse(q.Name, value, user));
                        }
                    }
                }
            }

            yield return new ArgillaRecord(
                ArgillaRecordJson.ReadFields(fields),
                suggestions,
                item.TryGetProperty("id", out var ext) && ext.ValueKind == JsonValueKind.String ? ext.GetString() : null,
                item.TryGetProperty("metadata", out var m) ? ArgillaRecordJson.ReadMetadata(m) : null,
                responses);
        }
    }

    private static async Task<JsonDocument> ParseAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Writes a JSON file through a temporary file beside it, renamed into place once complete.</summary>
    private static async Task WriteFileAsync(string path, Func<Utf8JsonWriter, Task> write, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            await using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                await write(writer).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}

/// <summary>A dataset read from a <c>to_disk</c> folder: its name, settings and records (streamed once).</summary>
public sealed record ArgillaDiskDataset(string Name, ArgillaDatasetSettings Settings, IAsyncEnumerable<ArgillaRecord> Records);

using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Distilabel.Argilla;

/// <summary>Records to and from Argilla's JSON (API bodies and the <c>to_disk</c> files).</summary>
internal static class ArgillaRecordJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body of a bulk upsert: <c>{"items": [RecordUpsert…]}</c>, suggestions pointing at question ids.</summary>
    public static byte[] Bulk(ArgillaRemoteDataset dataset, IReadOnlyList<ArgillaRecord> records)
    {
        var questionIds = dataset.Questions.ToDictionary(q => q.Name, q => q.Id, StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(records.Count * 512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var record in records)
            {
                w.WriteStartObject();
                if (record.ExternalId is not null)
                    w.WriteString("external_id", record.ExternalId);
                WriteFields(w, record.Fields);
                WriteMetadata(w, record.Metadata);
                w.WriteStartArray("suggestions");
                foreach (var suggestion in record.Suggestions)
                {
                    if (!questionIds.TryGetValue(suggestion.QuestionName, out var questionId))
                        throw new ArgillaException($"A suggestion answers the question '{suggestion.QuestionName}', which dataset '{dataset.Name}' does not have.", dataset: dataset.Name, workspace: dataset.Workspace.Name);
                    w.WriteStartObject();
                    w.WriteString("question_id", questionId);
                    w.WritePropertyName("value");
                    WriteValue(w, suggestion.Value);
                    w.WriteString("type", "model");
                    if (suggestion.Agent is not null)
                        w.WriteString("agent", suggestion.Agent);
                    if (suggestion.Score is { } score)
                        w.WriteNumber("score", score);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A record of <c>GET …/records?include=responses&amp;include=suggestions</c>: submitted responses only.</summary>
    public static ArgillaRemoteRecord ReadRemote(JsonElement item, ArgillaRemoteDataset dataset)
    {
        var questions = dataset.Questions.ToDictionary(q => q.Id, q => q.Name);
        var suggestions = new List<ArgillaSuggestion>();
        if (item.TryGetProperty("suggestions", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            foreach (var suggestion in s.EnumerateArray())
            {
                if (!questions.TryGetValue(suggestion.GetProperty("question_id").GetGuid(), out var name) || ReadValue(suggestion.GetProperty("value")) is not { } value)
                    continue;
                suggestions.Add(new ArgillaSuggestion(name, value,
                    suggestion.TryGetProperty("agent", out var agent) && agent.ValueKind == JsonValueKind.String ? agent.GetString() : null,
                    suggestion.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : null));
            }
        }

        var responses = new List<ArgillaResponse>();
        if (item.TryGetProperty("responses", out var r) && r.ValueKind == JsonValueKind.Array)
        {
            foreach (var response in r.EnumerateArray())
            {
                if (!response.TryGetProperty("status", out var status) || status.GetString() != "submitted"
                    || !response.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
                    continue;
                var user = response.TryGetProperty("user_id", out var u) && u.ValueKind == JsonValueKind.String ? u.GetGuid() : Guid.Empty;
                foreach (var answer in values.EnumerateObject())
                {
                    if (answer.Value.ValueKind == JsonValueKind.Object && answer.Value.TryGetProperty("value", out var v) && ReadValue(v) is { } value)
                        responses.Add(new ArgillaResponse(answer.Name, value, user));
                }
            }
        }

        var record = new ArgillaRecord(
            ReadFields(item.GetProperty("fields")),
            suggestions,
            item.TryGetProperty("external_id", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null,
            item.TryGetProperty("metadata", out var m) ? ReadMetadata(m) : null,
            responses);
        return new ArgillaRemoteRecord(
            item.GetProperty("id").GetGuid(),
            item.TryGetProperty("status", out var st) && st.ValueKind == JsonValueKind.String ? st.GetString()! : "pending",
            record);
    }

    public static void WriteFields(Utf8JsonWriter w, IReadOnlyDictionary<string, string> fields)
    {
        w.WriteStartObject("fields");
        foreach (var (name, value) in fields)
            w.WriteString(name, value);
        w.WriteEndObject();
    }

    public static void WriteMetadata(Utf8JsonWriter w, IReadOnlyDictionary<string, object?>? metadata)
    {
        w.WriteStartObject("metadata");
        foreach (var (name, value) in metadata ?? new Dictionary<string, object?>())
        {
            w.WritePropertyName(name);
            WriteValue(w, value);
        }

        w.WriteEndObject();
    }

    /// <summary>An int, long, double, bool, string or null.</summary>
    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case IFormattable f: w.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(value.ToString()); break;
        }
    }

    /// <summary>An integer as <see cref="int"/>, text as <see cref="string"/>, else null (lists, objects: not ours).</summary>
    public static object? ReadValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var i) => i,
        JsonValueKind.String => value.GetString(),
        _ => null,
    };

    public static IReadOnlyDictionary<string, string> ReadFields(JsonElement fields)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.ValueKind != JsonValueKind.Object)
            return result;
        foreach (var field in fields.EnumerateObject())
        {
            result[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString()!,
                JsonValueKind.Null => "",
                _ => field.Value.GetRawText(),
            };
        }

        return result;
    }

    public static IReadOnlyDictionary<string, object?>? ReadMetadata(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
            return null;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in metadata.EnumerateObject())
        {
            result[entry.Name] = entry.Value.ValueKind switch
            {
                JsonValueKind.String => entry.Value.GetString(),
                JsonValueKind.Number when entry.Value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => entry.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => entry.Value.GetRawText(),
            };
        }

        return result;
    }
}

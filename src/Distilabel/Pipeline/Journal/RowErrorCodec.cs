using System.Text.Json;
using Distilabel.Llms;

namespace Distilabel.Pipeline.Journal;

/// <summary>A <see cref="RowError"/> as the journal stores it (compact JSON), so a resumed run has the very same typed error.</summary>
internal static class RowErrorCodec
{
    public static string Encode(RowError error)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
            Write(json, error);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads <see cref="Encode"/>'s output; throws <see cref="FormatException"/> on anything else.</summary>
    public static RowError Decode(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return Read(document.RootElement, depth: 0);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new FormatException("damaged journal error", e);
        }
    }

    private static void Write(Utf8JsonWriter json, RowError error)
    {
        json.WriteStartObject();
        json.WriteString("kind", error.Kind.ToString());
        json.WriteString("reason", error.Reason);
        json.WriteString("detail", error.Detail);
        if (error.Category is { } category)
            json.WriteString("category", category.ToString());
        if (error.Step is { } step)
            json.WriteString("step", step);
        if (error.Generation is { } generation)
            json.WriteNumber("generation", generation);
        if (error.Parts.Count > 0)
        {
            json.WriteStartArray("parts");
            foreach (var part in error.Parts)
                Write(json, part);
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static RowError Read(JsonElement e, int depth)
    {
        if (depth > 4)
            throw new FormatException("damaged journal error: nested too deep");
        return new RowError(
            Enum.Parse<RowErrorKind>(e.GetProperty("kind").GetString()!),
            e.GetProperty("reason").GetString()!,
            e.GetProperty("detail").GetString()!)
        {
            Category = e.TryGetProperty("category", out var category) ? Enum.Parse<LlmErrorCategory>(category.GetString()!) : null,
            Step = e.TryGetProperty("step", out var step) ? step.GetString() : null,
            Generation = e.TryGetProperty("generation", out var generation) ? generation.GetInt32() : null,
            Parts = e.TryGetProperty("parts", out var parts) ? [.. parts.EnumerateArray().Select(p => Read(p, depth + 1))] : Array.Empty<RowError>(),
        };
    }
}

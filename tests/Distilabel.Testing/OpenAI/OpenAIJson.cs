using System.Text;
using System.Text.Json;

namespace Distilabel.Testing.OpenAI;

/// <summary>Builds and reads the JSON of OpenAI's chat-completions contract.</summary>
public static class OpenAIJson
{
    /// <summary>A <c>chat.completion</c> body.</summary>
    public static string Completion(string id, string model, string? content, string finishReason, int promptTokens, int completionTokens, bool emptyChoices = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "chat.completion");
            w.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            w.WriteString("model", model);
            w.WriteStartArray("choices");
            if (!emptyChoices)
            {
                w.WriteStartObject();
                w.WriteNumber("index", 0);
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                if (content is null)
                    w.WriteNull("content");
                else
                    w.WriteString("content", content);
                w.WriteEndObject();
                w.WriteNull("logprobs");
                w.WriteString("finish_reason", finishReason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteUsage(w, promptTokens, completionTokens);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A <c>chat.completion.chunk</c> body (one server-sent event's data).</summary>
    public static string Chunk(string id, string model, string? content, string? finishReason, (int Prompt, int Completion)? usage = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "chat.completion.chunk");
            w.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            w.WriteString("model", model);
            w.WriteStartArray("choices");
            if (usage is null)
            {
                w.WriteStartObject();
                w.WriteNumber("index", 0);
                w.WriteStartObject("delta");
                w.WriteString("role", "assistant");
                if (content is not null)
                    w.WriteString("content", content);
                w.WriteEndObject();
                if (finishReason is null)
                    w.WriteNull("finish_reason");
                else
                    w.WriteString("finish_reason", finishReason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (usage is { } u)
                WriteUsage(w, u.Prompt, u.Completion);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>An OpenAI error body: <c>{"error":{"message":…,"type":…,"param":null,"code":…}}</c>.</summary>
    public static string Error(string message, string type, string? code = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            w.WriteNull("param");
            if (code is null)
                w.WriteNull("code");
            else
                w.WriteString("code", code);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A <c>GET /v1/models</c> body.</summary>
    public static string Models(params string[] ids)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var id in ids)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("object", "model");
                w.WriteNumber("created", 0);
                w.WriteString("owned_by", "distilabel-tests");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The text of a message's <c>content</c>: a string, or the <c>text</c> parts of an array.</summary>
    public static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
            return "";
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString() ?? "",
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(p => p.TryGetProperty("type", out var t) && t.GetString() == "text" && p.TryGetProperty("text", out _))
                .Select(p => p.GetProperty("text").GetString())),
            _ => "",
        };
    }

    private static void WriteUsage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteEndObject();
    }
}

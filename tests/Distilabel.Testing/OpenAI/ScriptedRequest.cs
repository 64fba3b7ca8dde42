using System.Text.Json;

namespace Distilabel.Testing.OpenAI;

/// <summary>A request received by <see cref="ScriptedOpenAIServer"/>, as the script and the test see it.</summary>
public sealed class ScriptedRequest
{
    internal ScriptedRequest(int number, int attemptForBody, string method, string path, string body, IReadOnlyDictionary<string, string> headers)
    {
        Number = number;
        AttemptForBody = attemptForBody;
        Method = method;
        Path = path;
        Body = body;
        Headers = headers;
        try
        {
            Json = string.IsNullOrWhiteSpace(body) ? null : JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            Json = null;
        }
    }

    /// <summary>1 for the first request the server received, 2 for the next, …</summary>
    public int Number { get; }

    /// <summary>1 the first time this exact body arrives, 2 on its first retry, … (a row's attempts share a body).</summary>
    public int AttemptForBody { get; }

    /// <summary>HTTP method.</summary>
    public string Method { get; }

    /// <summary>Path, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>The raw body.</summary>
    public string Body { get; }

    /// <summary>The body as JSON, when it is JSON.</summary>
    public JsonElement? Json { get; }

    /// <summary>Request headers (case-insensitive names; repeated values joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The <c>model</c> field.</summary>
    public string? Model => GetString("model");

    /// <summary>Whether <c>"stream": true</c>.</summary>
    public bool Stream => Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;

    /// <summary>The text of every message, in order.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
            ? messages.EnumerateArray().Select(m => (m.GetProperty("role").GetString() ?? "", OpenAIJson.ContentText(m))).ToList()
            : [];

    /// <summary>The last user message's text, or "".</summary>
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user").Content ?? "";

    /// <summary>A top-level string field of the JSON body (e.g. <c>"grammar"</c>), or null.</summary>
    public string? GetString(string field) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <inheritdoc />
    public override string ToString() => $"#{Number} {Method} {Path} {Body}";
}

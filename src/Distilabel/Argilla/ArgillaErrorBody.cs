using System.Text.Json;

namespace Distilabel.Argilla;

/// <summary>
/// Reads Argilla's two error families: <c>{"detail": "message"}</c> and
/// <c>{"detail": {"code": "argilla.api.errors::…", "params": {"detail": "…"} | {"errors": [{"loc": […], "msg": "…"}]} | {"message": "…"}}}</c>.
/// </summary>
internal static class ArgillaErrorBody
{
    /// <summary>The server's message (null when the body says nothing readable); adds each validation error to <paramref name="fieldErrors"/>.</summary>
    public static string? Read(string body, List<ArgillaFieldError> fieldErrors)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("detail", out var detail))
                return Short(body);
            if (detail.ValueKind == JsonValueKind.String)
                return detail.GetString();
            if (detail.ValueKind == JsonValueKind.Array)
            {
                // FastAPI's own validation body: {"detail": [{"loc": …, "msg": …}]}.
                AddErrors(detail, fieldErrors);
                return "the request is not valid";
            }

            if (detail.ValueKind != JsonValueKind.Object)
                return Short(detail.GetRawText());
            var code = detail.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (detail.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                if (parameters.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                {
                    AddErrors(errors, fieldErrors);
                    return "the request is not valid";
                }

                foreach (var name in new[] { "detail", "message" })
                {
                    if (parameters.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                        return text.GetString();
                }
            }

            return code ?? Short(detail.GetRawText());
        }
        catch (JsonException)
        {
            return Short(body);
        }
    }

    private static void AddErrors(JsonElement errors, List<ArgillaFieldError> fieldErrors)
    {
        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object)
                continue;
            var location = error.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
                ? string.Join('.', loc.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? l.GetString() : l.GetRawText()))
                : "";
            var message = error.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() ?? "" : "";
            fieldErrors.Add(new ArgillaFieldError(location, message));
        }
    }

    private static string Short(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= 300 ? text : text[..299] + "…";
    }
}

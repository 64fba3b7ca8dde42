using System.Text.Json.Nodes;

namespace Distilabel.Testing.Argilla;

/// <summary>An error answer of the fake, with the exact bodies of the Argilla 2.x server (spec §2).</summary>
internal sealed class FakeArgillaError(int status, JsonNode body) : Exception(body.ToJsonString())
{
    public int Status { get; } = status;

    public JsonNode Body { get; } = body;

    /// <summary>401 for a missing or unknown key.</summary>
    public static FakeArgillaError Unauthorized() => Coded(401, "UnauthorizedError", new JsonObject { ["detail"] = "Could not validate credentials" });

    /// <summary>403 when the user's role or membership does not allow the operation.</summary>
    public static FakeArgillaError Forbidden() => Coded(403, "ForbiddenOperationError", new JsonObject { ["detail"] = "Operation not allowed" });

    /// <summary>404 <c>{"detail": "Dataset with id `…` not found"}</c>.</summary>
    public static FakeArgillaError NotFound(string model, Guid id) => Plain(404, $"{model} with id `{id}` not found");

    /// <summary>409, 422 and other <c>{"detail": "message"}</c> errors.</summary>
    public static FakeArgillaError Plain(int status, string detail) => new(status, new JsonObject { ["detail"] = detail });

    /// <summary>422 request-schema validation (pydantic v1 messages, as servers up to 2.4).</summary>
    public static FakeArgillaError Validation(IEnumerable<object> location, string message, string type)
    {
        var loc = new JsonArray();
        foreach (var part in location)
            loc.Add(part is int i ? JsonValue.Create(i) : JsonValue.Create(part.ToString()));
        var error = new JsonObject { ["loc"] = loc, ["msg"] = message, ["type"] = type };
        return Coded(422, "ValidationError", new JsonObject { ["errors"] = new JsonArray(error) });
    }

    /// <summary>500 for anything unexpected.</summary>
    public static FakeArgillaError Generic(Exception e) => Coded(500, "GenericServerError", new JsonObject
    {
        ["type"] = e.GetType().FullName,
        ["message"] = e.Message,
        ["args"] = new JsonArray(e.Message),
    });

    private static FakeArgillaError Coded(int status, string code, JsonObject parameters)
        => new(status, new JsonObject { ["detail"] = new JsonObject { ["code"] = "argilla.api.errors::" + code, ["params"] = parameters } });
}

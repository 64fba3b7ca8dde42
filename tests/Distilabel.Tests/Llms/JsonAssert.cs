using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Llms;

/// <summary>Checks a JSON-mode answer whatever its finish reason: a complete object, or one cut off by the token budget.</summary>
internal static class JsonAssert
{
    /// <summary>
    /// The answer is a JSON object; when the token budget ran out (the tiny model tells stories, it rarely closes an
    /// object), every byte it did send is still valid JSON: a reader that expects more input finds no error.
    /// </summary>
    public static void IsObjectOrItsPrefix(ChatResponse response)
    {
        var bytes = Encoding.UTF8.GetBytes(response.Text);
        if (response.FinishReason == ChatFinishReason.Stop)
        {
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(bytes).RootElement.ValueKind);
            return;
        }

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        var tokens = 0;
        try
        {
            while (reader.Read())
            {
                if (tokens++ == 0)
                    Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
            }
        }
        catch (JsonException ex)
        {
            Assert.Fail($"the answer is not JSON at byte {reader.BytesConsumed}: {ex.Message}\n{response.Text}");
        }

        Assert.True(tokens >= 2, $"a cut-off object still shows its start and a first member: {response.Text}");
        Assert.True(reader.CurrentDepth >= 1 || reader.TokenType is JsonTokenType.PropertyName, "the cut-off answer is inside the object");
    }
}

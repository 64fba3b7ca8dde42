using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// Reads an OpenAI <c>chat.completion</c> body into a <see cref="ChatResponse"/> in one <see cref="Utf8JsonReader"/>
/// pass: the first choice's text (a refusal as <see cref="ErrorContent"/>), its finish reason, the response id, model
/// and creation time, and the token usage, as Microsoft.Extensions.AI's OpenAI adapter maps them. Fields it does not
/// know are skipped.
/// </summary>
internal static class ChatCompletionResponse
{
    /// <summary>The response; without a usable choice (none, or one with neither text nor finish reason) it has no message.</summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static ChatResponse Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("the chat completion is not a JSON object");

        string? id = null, model = null, text = null, refusal = null, finish = null;
        DateTimeOffset? created = null;
        UsageDetails? usage = null;
        var choices = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds))
                    created = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject && choices++ == 0)
                        ReadChoice(ref reader, ref text, ref refusal, ref finish);
                    else
                        reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = ReadUsage(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var response = new ChatResponse
        {
            ResponseId = id,
            ModelId = model,
            CreatedAt = created,
            FinishReason = finish is null ? null : FinishReason(finish),
            Usage = usage,
        };
        if (choices > 0 && (text is not null || refusal is not null || finish is not null))
        {
            var message = new ChatMessage(ChatRole.Assistant, (IList<AIContent>)[]) { MessageId = id, CreatedAt = created };
            if (text is not null)
                message.Contents.Add(new TextContent(text));
            if (refusal is not null)
                message.Contents.Add(new ErrorContent(refusal) { ErrorCode = "Refusal" });
            response.Messages.Add(message);
        }

        return response;
    }

    private static void ReadChoice(ref Utf8JsonReader reader, ref string? text, ref string? refusal, ref string? finish)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("finish_reason"u8))
            {
                finish = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("content"u8))
                        text = ReadString(ref reader);
                    else if (reader.ValueTextEquals("refusal"u8))
                        refusal = ReadString(ref reader);
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static UsageDetails? ReadUsage(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var usage = new UsageDetails();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
                usage.InputTokenCount = ReadCount(ref reader);
            else if (reader.ValueTextEquals("completion_tokens"u8))
                usage.OutputTokenCount = ReadCount(ref reader);
            else if (reader.ValueTextEquals("total_tokens"u8))
                usage.TotalTokenCount = ReadCount(ref reader);
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
                usage.CachedInputTokenCount = ReadDetail(ref reader, "cached_tokens"u8) ?? usage.CachedInputTokenCount;
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
                usage.ReasoningTokenCount = ReadDetail(ref reader, "reasoning_tokens"u8) ?? usage.ReasoningTokenCount;
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return usage;
    }

    /// <summary>One count of a <c>*_tokens_details</c> object (the rest skipped).</summary>
    private static long? ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        long? count = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
                count = ReadCount(ref reader);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return count;
    }

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count) ? count : null;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        reader.Skip();
        return null;
    }

    private static ChatFinishReason FinishReason(string value) => value switch
    {
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "content_filter" => ChatFinishReason.ContentFilter,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        _ => new ChatFinishReason(value),
    };
}

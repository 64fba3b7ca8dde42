using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Distilabel.Llms;

/// <summary>
/// The body of an OpenAI <c>/v1/chat/completions</c> request for the chats and options our steps send: text messages,
/// sampling options, a JSON-schema response format and a grammar field. Written with one <see cref="Utf8JsonWriter"/>
/// pass; <see cref="IsSupported"/> says whether a chat is in that set (anything else goes through the SDK's models).
/// </summary>
/// <remarks>
/// The fields are those the OpenAI SDK 2.x writes for the same options (<c>max_completion_tokens</c>, <c>stop</c>,
/// <c>seed</c>, <c>response_format</c> …), with the SDK's relaxed escaping. The online path and the Batch API's request
/// lines both use it, so a batch line asks exactly what the online request would.
/// </remarks>
internal static class ChatCompletionRequest
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>A value (the grammar) as a JSON string with the same relaxed escaping as the body: a quote is <c>\"</c>, not <c>\u0022</c>.</summary>
    public static byte[] EncodeString(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 16);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            json.WriteStringValue(value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whether <see cref="Write"/> says everything <paramref name="messages"/> and <paramref name="options"/> ask.</summary>
    public static bool IsSupported(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        foreach (var message in messages)
        {
            if (message.Role != ChatRole.System && message.Role != ChatRole.User && message.Role != ChatRole.Assistant)
                return false;
            // One text each: several parts are sent as an array of parts, which the SDK writes.
            if (message.AuthorName is not null || message.AdditionalProperties is { Count: > 0 } || message.Contents is not [TextContent])
                return false;
        }

        if (options is null)
            return true;
        // Whatever this writer does not say (tools, a raw options factory, other extra fields, …) goes the SDK's way.
        return options.Tools is not { Count: > 0 }
            && options.ToolMode is null
            && options.AllowMultipleToolCalls is null
            && options.RawRepresentationFactory is null
            && options.ConversationId is null
            && options.Instructions is null
            && options.TopK is null
            && options.Reasoning is null
            && options.AllowBackgroundResponses is null
            && options.ContinuationToken is null
            && (options.ResponseFormat is null or ChatResponseFormatText or ChatResponseFormatJson)
            && OnlyTheGrammar(options.AdditionalProperties);
    }

    /// <summary>No extra field but the grammar (checked per request: no enumerator allocated).</summary>
    private static bool OnlyTheGrammar(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null)
            return true;
        foreach (var (key, _) in properties)
        {
            if (key != GrammarChatOptionsExtensions.GrammarKey)
                return false;
        }

        return true;
    }

    /// <summary>Writes the body (a chat <see cref="IsSupported"/> accepts).</summary>
    /// <param name="output">Where the UTF-8 JSON goes.</param>
    /// <param name="model">The model, unless <see cref="ChatOptions.ModelId"/> names another.</param>
    /// <param name="messages">The chat.</param>
    /// <param name="options">Sampling options, response format and grammar.</param>
    /// <param name="grammarField">The request field that carries the grammar (llama.cpp server: <c>grammar</c>); null sends none.</param>
    /// <param name="encodedGrammar">The grammar as a JSON string value (encoded once per run by the caller); null for none.</param>
    public static void Write(IBufferWriter<byte> output, string model, IEnumerable<ChatMessage> messages, ChatOptions? options, string? grammarField, ReadOnlySpan<byte> encodedGrammar)
    {
        using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString("model"u8, options?.ModelId ?? model);
        json.WriteStartArray("messages"u8);
        foreach (var message in messages)
        {
            json.WriteStartObject();
            json.WriteString("role"u8, message.Role.Value);
            json.WriteString("content"u8, ((TextContent)message.Contents[0]).Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (options is not null)
        {
            if (options.Temperature is { } temperature)
                json.WriteNumber("temperature"u8, temperature);
            if (options.TopP is { } topP)
                json.WriteNumber("top_p"u8, topP);
            if (options.MaxOutputTokens is { } maxTokens)
                json.WriteNumber("max_completion_tokens"u8, maxTokens);
            if (options.FrequencyPenalty is { } frequency)
                json.WriteNumber("frequency_penalty"u8, frequency);
            if (options.PresencePenalty is { } presence)
                json.WriteNumber("presence_penalty"u8, presence);
            if (options.StopSequences is { Count: > 0 } stops)
            {
                json.WriteStartArray("stop"u8);
                foreach (var stop in stops)
                    json.WriteStringValue(stop);
                json.WriteEndArray();
            }

            if (options.Seed is { } seed)
                json.WriteNumber("seed"u8, seed);
            WriteResponseFormat(json, options.ResponseFormat);
        }

        if (grammarField is not null && !encodedGrammar.IsEmpty)
        {
            json.WritePropertyName(grammarField);
            json.WriteRawValue(encodedGrammar, skipInputValidation: true);
        }

        json.WriteEndObject();
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, ChatResponseFormat? format)
    {
        switch (format)
        {
            case ChatResponseFormatJson { Schema: { } schema } withSchema:
                json.WriteStartObject("response_format"u8);
                json.WriteString("type"u8, "json_schema"u8);
                json.WriteStartObject("json_schema"u8);
                json.WriteString("name"u8, withSchema.SchemaName ?? "response");
                if (withSchema.SchemaDescription is { } description)
                    json.WriteString("description"u8, description);
                json.WritePropertyName("schema"u8);
                schema.WriteTo(json);
                json.WriteEndObject();
                json.WriteEndObject();
                break;
            case ChatResponseFormatJson:
                json.WriteStartObject("response_format"u8);
                json.WriteString("type"u8, "json_object"u8);
                json.WriteEndObject();
                break;
            case ChatResponseFormatText:
                json.WriteStartObject("response_format"u8);
                json.WriteString("type"u8, "text"u8);
                json.WriteEndObject();
                break;
        }
    }
}

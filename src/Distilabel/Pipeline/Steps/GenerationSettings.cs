using System.Globalization;
using System.Text.Json;
using Distilabel.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Steps;

/// <summary>The <see cref="ChatOptions"/> and run-key components of a step's <see cref="PipelineOptions"/>.</summary>
internal static class GenerationSettings
{
    public static ChatOptions Generation(PipelineOptions options) => new()
    {
        MaxOutputTokens = options.MaxNewTokens,
        Temperature = options.Temperature,
        Seed = options.Seed,
    };

    /// <summary>Generation options plus the task's decoding constraints (grammar, JSON schema) when asked for.</summary>
    public static ChatOptions Labelling(PipelineOptions options, LlmTaskDefinition task)
    {
        var chat = Generation(options);
        if (options.UseGrammar)
            chat.WithGrammar(task.OutputGrammar);
        if (options.UseJsonSchema)
        {
            using var schema = JsonDocument.Parse(task.OutputJsonSchema);
            chat.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), task.Descriptor.Name);
        }

        return chat;
    }

    /// <summary>
    /// The options for one task instance: with per-item outputs the grammar is sized to this row's lists, so a constrained
    /// model answers exactly one value per item; other tasks keep the shared options.
    /// </summary>
    public static ChatOptions ForInstance(ChatOptions labelling, PipelineOptions options, LlmTaskDefinition task, object instance)
    {
        if (!options.UseGrammar || !task.Descriptor.Outputs.Any(o => o.Shape == LlmOutputShape.PerItem))
            return labelling;
        return labelling.Clone().WithGrammar(task.BuildOutputGrammar(instance));
    }

    public static void AddKey(IDictionary<string, string> key, PipelineOptions options)
    {
        var invariant = CultureInfo.InvariantCulture;
        key["max_new_tokens"] = options.MaxNewTokens.ToString(invariant);
        key["temperature"] = options.Temperature.ToString("R", invariant);
        key["seed"] = options.Seed?.ToString(invariant) ?? "none";
    }

    public static string ModelName(IChatClient client, string? explicitName)
        => explicitName ?? client.GetService<ChatClientMetadata>()?.DefaultModelId ?? client.GetType().Name;
}

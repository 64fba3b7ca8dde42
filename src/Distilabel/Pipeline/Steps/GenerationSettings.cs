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
        // An empty grammar is free text (a generation task): nothing to constrain.
        if (options.UseGrammar && !string.IsNullOrWhiteSpace(task.OutputGrammar))
            chat.WithGrammar(task.OutputGrammar);
        if (options.UseJsonSchema)
        {
            using var schema = JsonDocument.Parse(task.OutputJsonSchema);
            chat.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), task.Descriptor.Name);
        }

        return chat;
    }

    /// <summary>Whether <paramref name="task"/> needs a grammar per row (per-item outputs are sized to each row's lists).</summary>
    public static bool NeedsGrammarPerRow(PipelineOptions options, LlmTaskDefinition task)
        => options.UseGrammar && (task.Descriptor.GrammarPerInstance || task.Descriptor.Outputs.Any(o => o.Shape == LlmOutputShape.PerItem));

    /// <summary>The options for one task instance, with a grammar sized to its lists, so a constrained model answers
    /// exactly one value per item.</summary>
    public static ChatOptions ForInstance(ChatOptions labelling, LlmTaskDefinition task, object instance)
    {
        var grammar = task.BuildOutputGrammar(instance);
        return string.IsNullOrWhiteSpace(grammar) ? labelling.Clone() : labelling.Clone().WithGrammar(grammar);
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

using Distilabel.Generators.Helpers;

namespace Distilabel.Generators.Models
{
    /// <summary>Everything the emitter needs about one task: plain values only, no Roslyn symbols.</summary>
    internal sealed record TaskModel(
        string? Namespace,
        string TypeName,
        string FullTypeName,
        string HintName,
        string Keyword,
        EquatableArray<ContainingTypeModel> ContainingTypes,
        string TaskName,
        string SystemPrompt,
        string? Guidelines,
        string? Description,
        bool IsPositional,
        EquatableArray<InputModel> Inputs,
        EquatableArray<OutputModel> Outputs,
        EquatableArray<ParameterModel> Parameters,
        EquatableArray<PromptSegment> SystemPromptSegments)
    {
        /// <summary>Whether the system prompt shows members (<c>{placeholders}</c>): it is then rendered per instance.</summary>
        public bool HasPromptPlaceholders => SystemPromptSegments.Count > 0;

        /// <summary>The user message template, or null when the inputs are sent inside tags.</summary>
        public string? UserPrompt { get; init; }

        /// <summary>The user template split at its placeholders (members; <c>{answer_format}</c> already replaced by text).</summary>
        public EquatableArray<PromptSegment> UserPromptSegments { get; init; } = EquatableArray<PromptSegment>.Empty;

        /// <summary>The [AnswerReader] method's name, or null.</summary>
        public string? AnswerReader { get; init; }

        /// <summary>The [AnswerGrammar] method's name, or null.</summary>
        public string? AnswerGrammar { get; init; }
    }
}

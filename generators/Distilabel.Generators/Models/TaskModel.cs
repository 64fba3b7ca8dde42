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
    }

    /// <summary>A type the task is nested in (outermost first).</summary>
    internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);
}

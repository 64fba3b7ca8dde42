using Distilabel.Generators.Helpers;

namespace Distilabel.Generators.Models
{
    /// <summary>What the parser made of one [LlmTask] type: a model to emit (null on errors) and diagnostics.</summary>
    internal sealed record ParseResult(TaskModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}

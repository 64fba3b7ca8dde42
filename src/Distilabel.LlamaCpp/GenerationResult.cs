using Microsoft.Extensions.AI;

namespace Distilabel.LlamaCpp;

/// <summary>The answer to a <see cref="GenerationRequest"/>.</summary>
internal sealed record GenerationResult(string Text, ChatFinishReason FinishReason, UsageDetails Usage);

using LLama.Native;

namespace Distilabel.LlamaCpp;

/// <summary>One chat request, rendered and tokenized, with the sampling settings it asked for.</summary>
internal sealed record GenerationRequest(
    string Id,
    DateTimeOffset CreatedAt,
    LLamaToken[] PromptTokens,
    int MaxTokens,
    float Temperature,
    float? TopP,
    int? TopK,
    float? FrequencyPenalty,
    float? PresencePenalty,
    uint Seed,
    string? Grammar,
    string[] StopSequences);

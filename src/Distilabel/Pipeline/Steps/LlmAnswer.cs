namespace Distilabel.Pipeline.Steps;

/// <summary>What one LLM request gave: the answer's text (also kept when it is unusable) and the error, if any.</summary>
internal readonly record struct LlmAnswer(string? Text, RowError? Error);

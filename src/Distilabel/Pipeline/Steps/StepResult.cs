namespace Distilabel.Pipeline.Steps;

/// <summary>What an LLM step made of one row: the row's columns with the step's added, the step's error, its raw answer.</summary>
internal sealed record StepResult(OrderedDictionary<string, object?> Values, RowError? Error, string? RawAnswer);

namespace Distilabel;

/// <summary>
/// Marks the GBNF grammar of the task's trained answer format: an instance method <c>string M()</c>, so llama.cpp's
/// constrained decoding writes what the <see cref="AnswerReaderAttribute">answer reader</see> reads. It may depend
/// on the instance (its parameters, its list sizes); an empty grammar means free text (no constraint).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class AnswerGrammarAttribute : Attribute;

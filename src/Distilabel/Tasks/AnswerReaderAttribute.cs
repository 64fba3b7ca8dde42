namespace Distilabel;

/// <summary>
/// Marks the task's reader of its trained answer format: an instance method <c>AnswerValues? M(string output)</c>.
/// Open judges (Prometheus 2, JudgeLM, UltraCM) answer in the format they were trained on; the generated parser tries
/// this reader first and falls back to the tagged and JSON answers when it returns null. An exception it throws
/// counts as "not this format".
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class AnswerReaderAttribute : Attribute;

using Distilabel.Argilla;
using Microsoft.Extensions.AI;

namespace Distilabel;

/// <summary>
/// The contract of an LLM task. Do not implement it by hand: declare a <c>partial record</c> with
/// <see cref="LlmTaskAttribute"/>, <see cref="InputAttribute"/>, <see cref="RatingAttribute"/> and
/// <see cref="OutputAttribute"/>, and the source generator implements it.
/// </summary>
public interface ILlmTask<TSelf> where TSelf : ILlmTask<TSelf>
{
    /// <summary>Name, prompt, inputs and outputs of the task.</summary>
    static abstract LlmTaskDescriptor Descriptor { get; }

    /// <summary>A GBNF grammar (llama.cpp) that only admits well-formed answers.</summary>
    static abstract string OutputGrammar { get; }

    /// <summary>A JSON schema of the answer, for structured outputs.</summary>
    static abstract string OutputJsonSchema { get; }

    /// <summary>The Argilla dataset this task's results are reviewed in.</summary>
    static abstract ArgillaDatasetSettings ArgillaSettings { get; }

    /// <summary>Reads the inputs from a dataset row. Throws <see cref="TaskInputException"/> naming the column at fault.</summary>
    static abstract TSelf FromRow(IReadOnlyDictionary<string, object?> row);

    /// <summary>
    /// A task with only its parameters set (defaults, then <paramref name="values"/>) and empty inputs: what a
    /// definition renders its system prompt from. Throws <see cref="TaskParameterException"/> like <see cref="WithParameters"/>.
    /// </summary>
    static abstract TSelf FromParameters(IReadOnlyDictionary<string, string> values);

    /// <summary>The chat sent to the LLM: the system prompt, then the inputs inside tags.</summary>
    IList<ChatMessage> BuildPrompt();

    /// <summary>
    /// The GBNF grammar of this instance's answer: <see cref="OutputGrammar"/> with the exact number of items of each
    /// list input, so constrained decoding gives one value per item.
    /// </summary>
    string BuildOutputGrammar();

    /// <summary>A copy with the named parameters set from invariant text. Throws <see cref="TaskParameterException"/>
    /// naming an unknown parameter or a bad value, and listing the valid ones.</summary>
    TSelf WithParameters(IReadOnlyDictionary<string, string> values);

    /// <summary>The parameter values as invariant text, by name (empty when the task has none).</summary>
    IReadOnlyDictionary<string, string> GetParameters();

    /// <summary>A copy with the outputs parsed from the LLM's answer. Never throws; a bad value is <c>null</c>.</summary>
    TSelf ParseOutput(string output);

    /// <summary>Inputs and outputs by column name.</summary>
    IReadOnlyDictionary<string, object?> ToRow();

    /// <summary>An Argilla record: the inputs as fields, the outputs as suggestions.</summary>
    ArgillaRecord ToArgillaRecord();
}

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

    /// <summary>The chat sent to the LLM: the system prompt, then the inputs inside tags.</summary>
    IList<ChatMessage> BuildPrompt();

    /// <summary>A copy with the outputs parsed from the LLM's answer. Never throws; a bad value is <c>null</c>.</summary>
    TSelf ParseOutput(string output);

    /// <summary>Inputs and outputs by column name.</summary>
    IReadOnlyDictionary<string, object?> ToRow();

    /// <summary>An Argilla record: the inputs as fields, the outputs as suggestions.</summary>
    ArgillaRecord ToArgillaRecord();
}

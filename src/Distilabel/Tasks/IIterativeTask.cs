namespace Distilabel;

/// <summary>
/// A task that takes several LLM calls per row (EvolInstruct's rounds): after each <c>ParseOutput</c>, while the parsed
/// instance says it needs another round, a labelling step asks again with that instance's <c>BuildPrompt()</c>, so each
/// round starts from what the previous one kept. The row is finished, and made durable in the run journal, after its
/// last round; its raw answer column holds every round's answer (a JSON array of texts when there was more than one).
/// </summary>
public interface IIterativeTask
{
    /// <summary>Whether the row needs another LLM call before its outputs are final.</summary>
    bool NeedsAnotherRound { get; }
}

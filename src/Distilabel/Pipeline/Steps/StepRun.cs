using Distilabel.Pipeline.Journal;
using Distilabel.Pipeline.Scheduling;

namespace Distilabel.Pipeline.Steps;

/// <summary>What the steps of one run share: request execution (usage, abort policy) and the run journal.</summary>
/// <param name="Requests">Sends requests, counts usage, applies the abort policy.</param>
/// <param name="Journal">The run journal, or null.</param>
internal sealed record StepRun(LlmRequests Requests, IRowJournal? Journal)
{
    public AbortPolicy Policy => Requests.Policy;
}
